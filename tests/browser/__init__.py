"""Browser tests of the built book (a package, so its conftest never shadows tests/conftest.py)."""
