"""Pure functions from the loaded course to generated files (path -> text); nothing here writes."""
