#!/usr/bin/env bash
# Logical backup: pg_dump --format=custom of the application database, as the runbook's
# backup-complete.sh, plus the row counts of the main tables taken in the same snapshot, so that a
# restore can prove it brought back exactly what was dumped.
# Environment: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, MAIN_TABLES, BACKUP_ROOT,
# BACKUP_ENVIRONMENT, BACKUP_COMPONENT, RETENTION_DAYS, KEEP_ALL_HOURS.
set -euo pipefail
SCRIPT_NAME=pg-dump
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=pg-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-lib.sh"

require_env PGHOST PGUSER PGDATABASE
require_commands psql pg_dump pg_restore sha256sum
pg_check_identifier "$PGDATABASE"
begin_backup dumps
dump="$BACKUP_PARTIAL/$BACKUP_COMPONENT.dump"

# One session holds a repeatable-read snapshot: the row counts and pg_dump both read it.
coproc SNAPSHOT { psql -X -q -A -t -v ON_ERROR_STOP=1 --no-password -d "$PGDATABASE"; }
close_snapshot() {
    if [[ -n ${SNAPSHOT_PID:-} ]]; then
        kill "$SNAPSHOT_PID" 2>/dev/null || true
    fi
}
on_exit close_snapshot
ask() {
    local answer
    printf '%s\n' "$1" >&"${SNAPSHOT[1]}"
    read -r -t "${QUERY_TIMEOUT_SECONDS:-3600}" answer <&"${SNAPSHOT[0]}" || die "no answer to: $1"
    printf '%s\n' "$answer"
}
snapshot=$(ask "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();")
[[ $snapshot =~ ^[0-9A-F-]+$ ]] || die "could not export a snapshot: $snapshot"

: >"$BACKUP_PARTIAL/row-counts.tsv"
counts_json=""
for table in ${MAIN_TABLES:-}; do
    pg_check_identifier "$table"
    [[ $(ask "SELECT to_regclass('$table') IS NOT NULL;") == t ]] || continue
    rows=$(ask "SELECT count(*) FROM $table;")
    [[ $rows =~ ^[0-9]+$ ]] || die "could not count $table: $rows"
    printf '%s\t%s\n' "$table" "$rows" >>"$BACKUP_PARTIAL/row-counts.tsv"
    [[ -z $counts_json ]] || counts_json+=", "
    counts_json+="$(json_string "$table"): $rows"
done

log "dumping $PGDATABASE from $PGHOST (snapshot $snapshot)"
pg_dump --no-password --format=custom --snapshot="$snapshot" --file="$dump" "$PGDATABASE"
ask "COMMIT; SELECT 'committed';" >/dev/null
# The table of contents is read back: a dump pg_restore cannot open is not a backup.
pg_restore --list "$dump" >/dev/null || die "pg_restore cannot read the dump it just wrote"

server_version=$(pg_sql "$PGDATABASE" -c "SHOW server_version")
finalize_backup "{\"database\": $(json_string "$PGDATABASE"), \"format\": \"custom\", \"server_version\": $(json_string "$server_version"), \"row_counts\": {$counts_json}}"
prune_backups dumps
