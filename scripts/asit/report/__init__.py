"""The cohort report of a graded assessment: item analysis for instructors (``asit report``).

``collect`` reads the gradebook and the answers files into plain records, ``stats`` turns
them into the analysis (pure), ``html`` and ``csv_files`` render it; the command writes.
"""
