"""Tooling of the ASIT THB course: content as data, checked, built into a book and notebooks."""

__version__ = "0.1.0"
