#!/usr/bin/env bash
# The runbook's routine database maintenance: statistics before, VACUUM ANALYZE, REINDEX of the
# main tables, statistics after. REINDEX runs CONCURRENTLY so that writers are not blocked.
# Environment: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, MAIN_TABLES.
set -euo pipefail
SCRIPT_NAME=pg-maintenance
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=pg-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-lib.sh"

require_env PGHOST PGUSER PGDATABASE
require_commands psql
pg_check_identifier "$PGDATABASE"

statistics() {
    log "table statistics $1 maintenance (table, inserts, updates, deletes, live, dead):"
    pg_sql "$PGDATABASE" -F $'\t' -c "SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup
        FROM pg_stat_user_tables ORDER BY schemaname, relname" | sed 's/^/  /' >&2
}

statistics before
log "VACUUM ANALYZE on $PGDATABASE"
pg_sql "$PGDATABASE" -c "VACUUM ANALYZE"
for table in ${MAIN_TABLES:-}; do
    pg_check_identifier "$table"
    if [[ $(pg_sql "$PGDATABASE" -c "SELECT to_regclass('$table') IS NOT NULL") != t ]]; then
        log "table $table does not exist; nothing to reindex"
        continue
    fi
    log "REINDEX TABLE CONCURRENTLY $table"
    pg_sql "$PGDATABASE" -c "REINDEX TABLE CONCURRENTLY $table"
done
statistics after
log "maintenance of $PGDATABASE complete"
