#!/usr/bin/env bash
# Set up everything the course needs on a fresh machine, then build it:
# the Python environment (.venv), the browser and the accessibility checker used by the
# tests, the book (_build/html), the practice notebooks and the graded assessments.
# Safe to run again: it installs only what is missing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# debian_package PACKAGE WHAT-FOR CHECK...: install Debian's PACKAGE with apt-get (as root)
# unless the CHECK command succeeds; without root, say what is missing and carry on.
debian_package() {
  local package=$1 purpose=$2
  shift 2
  step "System packages (Debian's $package, $purpose)"
  if "$@" >/dev/null 2>&1; then
    echo "$package is installed"
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    echo "installed $package"
  else
    echo "$package is missing: install Debian's '$package' package (as root) for $purpose" >&2
  fi
}

debian_package chromium "for the browser tests" command -v chromium
debian_package postgresql "for the classroom's gradebook: asit classroom" \
  sh -c 'command -v initdb || ls /usr/lib/postgresql/*/bin/initdb'

step "Python environment (.venv)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# scripts/constraints.txt pins the packages the grader relies on exactly (see that file).
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c scripts/constraints.txt -e '.[test]'
export PATH="$PWD/.venv/bin:$PATH"   # nbgrader runs alembic as a program

if [ -f package-lock.json ]; then
  step "Tools from the npm registry (axe-core; scorm-again and the SCORM 1.2 schemas for the LMS tests; configurable-http-proxy for the classroom)"
  npm ci --no-audit --no-fund --loglevel=error
fi

step "Check the content and build the book"
asit build

if asit --help | grep -q ' assign '; then
  step "Generate the graded assessments (nbgrader), each checked against its key"
  asit assign
fi

printf '\nDone. Open _build/html/index.html, or run: .venv/bin/asit serve\n'
