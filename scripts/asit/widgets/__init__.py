"""Questions as ipywidgets controls, in two modes.

``practice``: a Check button per question, feedback and points at once, decisions branch.
``graded``: no correctness shown; every change saved to ``answers.json`` beside the notebook.
"""
