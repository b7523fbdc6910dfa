#!/usr/bin/env bash
# Back up Marquee: the PostgreSQL database as a custom-format dump and every stored media
# file (the media folder, or the S3 bucket when MARQUEE_S3_* is set) as a tar, into a new
# dated folder with a manifest. docs/operations.md says when to run it and what to keep.
#
#   scripts/backup.sh [DESTINATION]    (default: $MARQUEE_BACKUP_DIR, else var/backups)
#
# The folder, DESTINATION/<YYYYMMDDTHHMMSSZ>/, holds:
#   database.dump  pg_dump --format=custom of DATABASE_URL
#   tables.tsv     rows per table, counted in the very snapshot the dump was taken from
#   media.tar      every stored file under its stored name (uncompressed: films do not shrink)
#   media.sha256   SHA-256 of every stored file (sha256sum format)
#   info.txt       when, from which code and server, which storage
#   SHA256SUMS     SHA-256 of each file above
# It is written as <name>.partial and renamed when complete, so a folder without that
# suffix is always a whole backup. The last line printed is the folder's path.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
# shellcheck source=lib/postgres.sh
. "$ROOT/scripts/lib/postgres.sh"

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
pg_env "$DATABASE_URL"
DEST=${1:-${MARQUEE_BACKUP_DIR:-$ROOT/var/backups}}
mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
folder="$DEST/$stamp"
work="$folder.partial"
mkdir "$work"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)

# One REPEATABLE READ transaction holds the snapshot: pg_dump reads it (--snapshot) and the
# row counts are taken in it, so the manifest describes exactly what the dump holds even
# while the site is being used.
coproc SNAP { exec psql -X -q -A -t -F $'\t' -v ON_ERROR_STOP=1; }
send() { printf '%s\n' "$@" >&"${SNAP[1]}"; }
answer() {
  local line
  while IFS= read -r line <&"${SNAP[0]}"; do
    [[ $line == __END__ ]] && return 0
    printf '%s\n' "$line"
  done
  echo "psql stopped before answering" >&2
  return 1
}
send "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;" "SELECT pg_export_snapshot();" '\echo __END__'
snapshot=$(answer)
pg_dump --format=custom --snapshot="$snapshot" --file="$work/database.dump"
send "$ROW_COUNTS_SQL" '\echo __END__'
answer > "$work/tables.tsv"
send "SHOW server_version;" '\echo __END__'
server_version=$(answer)
send "COMMIT;" '\q'
wait "$SNAP_PID" 2>/dev/null || true

cd "$ROOT"
"$PYTHON" manage.py media_archive export --tar "$work/media.tar" \
  --checksums "$work/media.sha256"
storage=$("$PYTHON" manage.py media_archive describe)

{
  echo "created_at: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "code: $(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "postgresql: $server_version"
  echo "database: $PGDATABASE"
  echo "media: $storage"
  echo "tables: $(wc -l < "$work/tables.tsv")"
  echo "files: $(wc -l < "$work/media.sha256")"
} > "$work/info.txt"
(cd "$work" && sha256sum database.dump tables.tsv media.tar media.sha256 info.txt > SHA256SUMS)
mv "$work" "$folder"
trap - EXIT
echo "Backup complete in $(( $(date +%s) - started )) s: $(du -sh "$folder" | cut -f1)" >&2
echo "$folder"
