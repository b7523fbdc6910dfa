#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a fresh database and an empty media
# storage, then prove it: every file of the backup against SHA256SUMS before anything is
# written, the rows of every table against tables.tsv, every stored file against media.sha256.
#
#   scripts/restore.sh BACKUP_FOLDER
#
# The target is what the settings name: DATABASE_URL (a database that exists and holds no
# table: `createdb` it first) and MARQUEE_MEDIA_ROOT (a missing or empty folder) or the
# MARQUEE_S3_* bucket (empty). A target that is not empty is refused, never overwritten.
# Run it with the code the backup names in info.txt (or newer, then `manage.py migrate`).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
# shellcheck source=lib/postgres.sh
. "$ROOT/scripts/lib/postgres.sh"

fail() { echo "restore: $*" >&2; exit 1; }
[ $# -eq 1 ] || fail "usage: scripts/restore.sh BACKUP_FOLDER"
backup=$(cd "$1" && pwd) || fail "no such folder: $1"
: "${DATABASE_URL:?DATABASE_URL must name the (empty) PostgreSQL database to restore into}"
pg_env "$DATABASE_URL"
started=$(date +%s)

(cd "$backup" && sha256sum --check --quiet --strict SHA256SUMS) \
  || fail "the backup's files do not match SHA256SUMS: it is damaged or incomplete"

tables=$(psql -X -A -t -v ON_ERROR_STOP=1 -c "$TABLE_COUNT_SQL") \
  || fail "cannot reach the database $PGDATABASE (create it first: createdb $PGDATABASE)"
[ "$tables" = 0 ] || fail "the database $PGDATABASE holds $tables tables: restore into a fresh one"
(cd "$ROOT" && "$PYTHON" manage.py media_archive check-empty) \
  || fail "the media storage is not empty: restore into an empty one"

# One transaction: a restore that fails half-way leaves the database empty, not half-full.
pg_restore --exit-on-error --single-transaction --no-owner --no-acl \
  --dbname="$PGDATABASE" "$backup/database.dump"
restored=$(mktemp)
trap 'rm -f "$restored"' EXIT
psql -X -q -A -t -F $'\t' -v ON_ERROR_STOP=1 -c "$ROW_COUNTS_SQL" > "$restored"
diff -u "$backup/tables.tsv" "$restored" >&2 \
  || fail "the restored tables do not hold the rows the backup counted (see above)"
echo "Database: $(wc -l < "$restored") tables restored, rows as counted at backup" >&2

cd "$ROOT"
"$PYTHON" manage.py media_archive import --tar "$backup/media.tar" \
  --checksums "$backup/media.sha256" >&2
"$PYTHON" manage.py media_archive verify --checksums "$backup/media.sha256" >&2
echo "Restore verified in $(( $(date +%s) - started )) s" >&2
