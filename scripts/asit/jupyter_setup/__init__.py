"""Jupyter configuration the course writes for the people who use it (trainees' nbgrader setup)."""
