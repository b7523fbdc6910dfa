# Shared by scripts/backup.sh and scripts/restore.sh (sourced, not run).
#
# pg_env: the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE) from
# DATABASE_URL, so no password ever appears on a command line (where `ps` would show it).
pg_env() {
  local url=$1
  case "$url" in
    postgres://*|postgresql://*) ;;
    *) echo "DATABASE_URL must be a postgres:// URL (backups are for PostgreSQL)." >&2; return 2 ;;
  esac
  eval "$(PG_URL="$url" "$PYTHON" - <<'PY'
import os, shlex
from urllib.parse import parse_qs, unquote, urlsplit

url = urlsplit(os.environ["PG_URL"])
values = {
    "PGHOST": unquote(url.hostname or ""), "PGPORT": str(url.port or ""),
    "PGUSER": unquote(url.username or ""), "PGPASSWORD": unquote(url.password or ""),
    "PGDATABASE": unquote(url.path.lstrip("/")),
    "PGSSLMODE": parse_qs(url.query).get("sslmode", [""])[0],
}
for name, value in values.items():
    print(f"unset {name}" if not value else f"export {name}={shlex.quote(value)}")
PY
)"
}

# Rows per table, "schema.table<TAB>count", sorted: every ordinary and partitioned table
# outside PostgreSQL's own schemas. Run inside the dump's transaction, it counts the dump.
ROW_COUNTS_SQL="SELECT format('%I.%I', n.nspname, c.relname),
  (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I',
                                              n.nspname, c.relname), false, true, '')))[1]
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
ORDER BY 1;"

# How many tables the database holds (0: a fresh database).
TABLE_COUNT_SQL="SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg_toast%';"
