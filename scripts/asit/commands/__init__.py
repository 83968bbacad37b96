"""The subcommands of ``asit``, one module each."""
