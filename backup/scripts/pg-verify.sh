#!/usr/bin/env bash
# Scheduled proof that backups restore: restores the latest dump (or BACKUP_ID) into a scratch
# database, checks its tables and row counts against the dump's manifest, drops it, and records
# the result in <BACKUP_ROOT>/verify/last.json. Exits non-zero (a failed Job, an alert) otherwise.
# Environment: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, TIMESCALE, PG_RESTORE_JOBS,
# BACKUP_ROOT, BACKUP_ID (default latest).
set -euo pipefail
SCRIPT_NAME=pg-verify
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=pg-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-lib.sh"

require_env BACKUP_ROOT PGHOST PGUSER PGDATABASE
require_commands psql pg_restore sha256sum
pg_check_identifier "$PGDATABASE"
scratch="${PGDATABASE}_verify"
started=$(date -u +%s)

report() {
    local status=$1 backup_id=$2
    mkdir -p "$BACKUP_ROOT/verify"
    printf '{\n  "status": "%s",\n  "backup_id": %s,\n  "timestamp": "%s",\n  "duration_seconds": %s\n}\n' \
        "$status" "$(json_string "$backup_id")" "$(iso_time "$(date -u +%s)")" "$(($(date -u +%s) - started))" \
        >"$BACKUP_ROOT/verify/last.json.tmp"
    mv "$BACKUP_ROOT/verify/last.json.tmp" "$BACKUP_ROOT/verify/last.json"
}
verified_id="${BACKUP_ID:-latest}"
verification_done=false
# Any failure is recorded too, and leaves no scratch database behind.
record_failure() {
    [[ $verification_done == false ]] || return 0
    report failed "$verified_id"
    pg_drop_database "$scratch" >/dev/null 2>&1 || true
}
on_exit record_failure

backup=$(find_backup dumps "${BACKUP_ID:-latest}")
verified_id=$(basename "$backup")
verify_backup "$backup"
dumps=("$backup"/*.dump)
[[ ${#dumps[@]} -eq 1 ]] || die "$backup holds ${#dumps[@]} dump files, expected one"

pg_restore_into "$scratch" "${dumps[0]}"
pg_check_tables_restored "$scratch" "${dumps[0]}"
pg_check_row_counts "$scratch" "$backup/row-counts.tsv"
pg_drop_database "$scratch"
verification_done=true
report ok "$verified_id"
log "dump $verified_id restores and matches its manifest"
