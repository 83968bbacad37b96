#!/usr/bin/env bash
# Run every check of the course, cheapest first so a mistake fails fast:
#   lint (ruff), format (ruff format), types (mypy on the package, then on the tests), fast
#   tests, slow tests (book build, browser, nbgrader; in several processes). Each step prints
#   its time; the first failing step stops.
# Run scripts/setup.sh once first. CI (.ci/run) runs exactly this.
#
# With arguments, runs pytest alone with them, e.g.:
#   ./scripts/test.sh -m "not slow"        the fast tests only
#   ./scripts/test.sh tests/test_yamlread.py -x
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"   # nbgrader runs alembic as a program

if [ "$#" -gt 0 ]; then
  exec python -m pytest "$@"
fi

now() { date +%s.%N; }
TIMES=()
SUITE_START=$(now)

# step NAME COMMAND...: run one step, print its time, stop everything when it fails.
step() {
  local name=$1
  shift
  printf '\n==> %s\n' "$name"
  local start status=0
  start=$(now)
  "$@" || status=$?
  local took
  took=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  TIMES+=("$(printf '%-28s %7ss' "$name" "$took")")
  printf '==> %s: %ss (exit %d)\n' "$name" "$took" "$status"
  if [ "$status" -ne 0 ]; then
    summary
    printf '\nFAILED: %s\n' "$name" >&2
    exit "$status"
  fi
}

# pytest's exit 5 means it selected no test: a step that should run tests and runs none is
# broken (a renamed marker, a collection filter), so it fails rather than passing quietly.
tests() {
  local status=0
  python -m pytest "$@" || status=$?
  if [ "$status" -eq 5 ]; then
    echo "no test was selected by: pytest $*" >&2
  fi
  return "$status"
}

summary() {
  local total
  total=$(awk -v a="$SUITE_START" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  printf '\n==> times\n'
  printf '  %s\n' "${TIMES[@]}"
  printf '  %-28s %7ss\n' "all steps" "$total"
}

step "lint (ruff)" ruff check scripts tests
step "format (ruff format)" ruff format --check scripts tests
step "types (mypy, package)" mypy
step "types (mypy, tests)" mypy --explicit-package-bases tests
# The fast tests run in several processes too (the content fuzz is dealt into parts for it).
step "fast tests" tests -m "not slow" -n "${ASIT_TEST_PROCESSES:-2}" --dist loadgroup --no-loadscope-reorder
# The slow tests run in several processes (pytest-xdist): much of their time is waiting for
# browsers, servers and kernels. Tests that share a set-up stay in one process, the longest
# groups start first (tests/conftest.py), and a built course is made once for all processes
# (tests/shared_builds.py). ASIT_TEST_PROCESSES sets how many (default 2: CI's two cores).
# pytest then lists the slowest set-ups and tests, so the log shows where the time goes.
step "slow tests" tests -m slow -n "${ASIT_TEST_PROCESSES:-2}" --dist loadgroup --no-loadscope-reorder \
  --durations=15
summary
