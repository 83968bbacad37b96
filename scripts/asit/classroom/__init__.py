"""A trial classroom on one machine: JupyterHub, real local accounts, a shared nbgrader
exchange and a PostgreSQL gradebook, started and stopped by ``asit classroom``."""
