#!/usr/bin/env bash
# The whole default test suite against real PostgreSQL and Redis on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
VENV=${VENV:-.venv}
set +e
# A fresh test database every run: one kept from an older migration history on the same
# server (another checkout, another branch) would fail every test.
"$VENV/bin/python" -m pytest --create-db "$@"
status=$?
set -e
# pytest's 5 means "no test collected": a selection that matches nothing is not a failure.
if [ "$status" -eq 5 ]; then
  echo "No test matched the selection."
  exit 0
fi
exit "$status"
