#!/usr/bin/env bash
# Run Marquee with demo data on an embedded default: SQLite and a filesystem broker,
# a real Celery worker (with beat) beside the web server. DATABASE_URL and
# CELERY_BROKER_URL switch to PostgreSQL and Redis (the database must exist).
# MARQUEE_HOST / MARQUEE_PORT (or PORT) choose the address. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
export DJANGO_SETTINGS_MODULE=config.settings.local
HOST=${MARQUEE_HOST:-127.0.0.1}
PORT=${MARQUEE_PORT:-${PORT:-8000}}
URL="http://$HOST:$PORT/"
# kombu's filesystem broker does not create its folders: the worker would stop at once.
mkdir -p var var/broker/queue var/broker/processed var/broker/control

port_in_use() {
  "$PY" - "$HOST" "$PORT" <<'EOF'
import socket, sys
with socket.socket() as s:
    sys.exit(0 if s.connect_ex((sys.argv[1], int(sys.argv[2]))) == 0 else 1)
EOF
}
if port_in_use; then
  echo "Port $PORT on $HOST is in use: set MARQUEE_PORT to a free port." >&2
  exit 1
fi

"$PY" manage.py migrate --noinput -v 0
echo "Loading the demo contest (first run only, about 15 seconds)..."
logins=$("$PY" manage.py load_demo --if-empty)

worker="" web=""
# Each background process leads its own process group, so that stop() reaches the whole
# tree (runserver's reloader child, the worker's pool) and a Ctrl-C reaches only this script.
set -m
stop() {
  trap - EXIT INT TERM HUP
  set +e  # Cleaning up: a process already gone is not an error.
  [ -n "$web" ] && kill -TERM -- "-$web" 2>/dev/null
  # The worker's main process stops its pool itself (warm shutdown).
  [ -n "$worker" ] && kill -TERM "$worker" 2>/dev/null
  for _ in $(seq 40); do
    alive=""
    for pid in $web $worker; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && return 0
    sleep 0.5
  done
  for pid in $web $worker; do kill -KILL -- "-$pid" 2>/dev/null; done
  return 0
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

: >var/worker.log
"$VENV/bin/celery" -A config worker -B -Q default,validation --concurrency 2 \
  --loglevel INFO --schedule var/celerybeat-schedule >>var/worker.log 2>&1 &
worker=$!
# The worker must be consuming before anyone is told the app is up.
for _ in $(seq 120); do
  grep -q " ready\." var/worker.log && break
  if ! kill -0 "$worker" 2>/dev/null; then
    echo "The Celery worker stopped while starting; its log (var/worker.log) ends with:" >&2
    tail -n 20 var/worker.log >&2
    exit 1
  fi
  sleep 0.5
done
grep -q " ready\." var/worker.log || { echo "The Celery worker did not start in 60 s." >&2; exit 1; }

"$PY" manage.py runserver "$HOST:$PORT" &
web=$!
for _ in $(seq 120); do
  port_in_use && break
  kill -0 "$web" 2>/dev/null || { echo "The web server stopped while starting." >&2; exit 1; }
  sleep 0.5
done

cat <<EOF

Marquee is running at $URL
$logins
Celery worker (queues default and validation, with beat): log in var/worker.log
Press Ctrl-C to stop the web server and the worker.

EOF
# Whichever stops first, the other is stopped too (trap above).
wait -n "$web" "$worker"
