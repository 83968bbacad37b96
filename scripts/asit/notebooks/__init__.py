"""Notebooks made from the content: practice notebooks for each module (graded source
notebooks are built by ``asit.nbgrader.source``), with deterministic cells.
"""
