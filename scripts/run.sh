#!/usr/bin/env bash
# Run Marquee with demo data on an embedded default: SQLite and a filesystem broker,
# a real Celery worker (with beat) beside the web server. DATABASE_URL and
# CELERY_BROKER_URL switch to PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
export DJANGO_SETTINGS_MODULE=config.settings.local
# kombu's filesystem broker does not create its folders: the worker would stop at once.
mkdir -p var var/broker/queue var/broker/processed var/broker/control
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py load_demo --if-empty
"$VENV/bin/celery" -A config worker -B -Q default,validation --concurrency 2 \
  --loglevel INFO --schedule var/celerybeat-schedule >var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
HOST=${MARQUEE_HOST:-127.0.0.1}
PORT=${MARQUEE_PORT:-8000}
echo "Marquee is running at http://$HOST:$PORT/  (Celery worker log: var/worker.log)"
"$PY" manage.py runserver "$HOST:$PORT"
