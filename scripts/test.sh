#!/usr/bin/env bash
# Run every test of the course: fast ones and the slow ones (book build, browser, nbgrader).
# Run scripts/setup.sh once first. Extra arguments go to pytest (e.g. -m "not slow").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"   # nbgrader runs alembic as a program
exec python -m pytest "$@"
