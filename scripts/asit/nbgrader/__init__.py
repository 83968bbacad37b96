"""Graded assessments with nbgrader: source notebooks, the kernel side of grading, the
course configuration, the instructor's pipeline and the self-check run at generation.
"""
