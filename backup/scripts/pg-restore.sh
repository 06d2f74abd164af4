#!/usr/bin/env bash
# Restores a dump, following the runbook's recovery: writers are stopped first (by the restore
# job's stop-writers step), then the dump is restored, then validated (row counts of the main
# tables, as `SELECT COUNT(*) FROM users`). It restores into a side database and swaps it in only
# once validated; the replaced database is kept, renamed, until an operator drops it.
# Environment: BACKUP_ID (an id, or "latest"), PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE,
# MAIN_TABLES, TIMESCALE, PG_RESTORE_JOBS, BACKUP_ROOT.
set -euo pipefail
SCRIPT_NAME=pg-restore
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=pg-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-lib.sh"

require_env BACKUP_ROOT PGHOST PGUSER PGDATABASE
require_backup_id dumps
require_commands psql pg_restore sha256sum
pg_check_identifier "$PGDATABASE"

backup=$(find_backup dumps "$BACKUP_ID")
verify_backup "$backup"
dumps=("$backup"/*.dump)
[[ ${#dumps[@]} -eq 1 ]] || die "$backup holds ${#dumps[@]} dump files, expected one"
dump=${dumps[0]}
pg_restore --list "$dump" >/dev/null || die "pg_restore cannot read $dump"

side="${PGDATABASE}_restore"
pg_restore_into "$side" "$dump"
pg_check_tables_restored "$side" "$dump"
pg_check_row_counts "$side" "$backup/row-counts.tsv"

previous=""
if pg_database_exists "$PGDATABASE"; then
    previous="${PGDATABASE}_before_restore_$(date -u +%Y%m%d%H%M%S)"
    log "keeping the current database as $previous"
    pg_sql postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$PGDATABASE' AND pid <> pg_backend_pid()" >/dev/null
    pg_sql postgres -c "ALTER DATABASE \"$PGDATABASE\" RENAME TO \"$previous\""
fi
pg_sql postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$side' AND pid <> pg_backend_pid()" >/dev/null
pg_sql postgres -c "ALTER DATABASE \"$side\" RENAME TO \"$PGDATABASE\""

# The runbook's validation, on the database the application will now use.
while IFS=$'\t' read -r table rows; do
    log "validation: $table has $rows rows"
done < <(pg_count_main_tables "$PGDATABASE")
log "database $PGDATABASE restored from $(basename "$backup")${previous:+; the replaced database is kept as $previous}"
