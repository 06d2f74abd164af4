#!/usr/bin/env bash
# Point-in-time recovery of a PostgreSQL cluster from a base backup and the WAL archive.
#
# Runs with the cluster's server stopped (the restore job stops writers and the StatefulSet
# first) and its data volume mounted. It sets the current data directory aside (kept, renamed),
# unpacks the newest base backup that finished before the target (or BACKUP_ID), replays archived
# WAL up to RECOVERY_TARGET_TIME ("latest": to the end of the archive) in a server of its own,
# promotes it, validates the main tables and stops it cleanly, ready for the StatefulSet.
# Environment: PGDATA, PGUSER, PGDATABASE, RECOVERY_TARGET_TIME (e.g. "2025-01-31 14:05:00+00"),
# BACKUP_ROOT, BACKUP_ID (optional), WAL_ARCHIVE_DIR (default BACKUP_ROOT/wal), MAIN_TABLES,
# RECOVERY_TIMEOUT_SECONDS (3600).
set -euo pipefail
SCRIPT_NAME=pg-pitr
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$script_dir/lib.sh"
# shellcheck source=pg-lib.sh
source "$script_dir/pg-lib.sh"

require_env PGDATA PGUSER PGDATABASE BACKUP_ROOT RECOVERY_TARGET_TIME
require_commands pg_ctl psql tar gzip sha256sum
pg_check_identifier "$PGDATABASE"
export WAL_ARCHIVE_DIR=${WAL_ARCHIVE_DIR:-$BACKUP_ROOT/wal}
[[ -d $WAL_ARCHIVE_DIR ]] || die "no WAL archive at $WAL_ARCHIVE_DIR"
[[ $RECOVERY_TARGET_TIME != *"'"* ]] || die "RECOVERY_TARGET_TIME must not contain quotes"

# GNU date reads any offset; BusyBox date (Alpine images such as TimescaleDB's) only a plain UTC time.
utc_epoch() {
    date -u -d "$1" +%s 2>/dev/null && return 0
    [[ $1 =~ ^([0-9]{4}-[0-9]{2}-[0-9]{2})[T\ ]([0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]+)?(\+00|\+00:00|Z| UTC)$ ]] || return 1
    date -u -d "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}" +%s
}
if [[ $RECOVERY_TARGET_TIME == latest ]]; then
    target_epoch=$(date -u +%s)
else
    target_epoch=$(utc_epoch "$RECOVERY_TARGET_TIME") || die "not a time: $RECOVERY_TARGET_TIME (give it in UTC, e.g. 2025-01-31 14:05:00+00)"
fi

# The base backup: the one asked for, or the newest that was complete before the target.
if [[ -n ${BACKUP_ID:-} ]]; then
    base=$(find_backup base "$BACKUP_ID")
else
    base=""
    while IFS=$'\t' read -r _ candidate; do
        finished=$(manifest_value "$candidate/manifest.json" finished_epoch)
        ((finished < target_epoch)) && base=$candidate
    done < <(list_backups base)
    [[ -n $base ]] || die "no base backup finished before $RECOVERY_TARGET_TIME"
fi
finished=$(manifest_value "$base/manifest.json" finished_epoch)
((finished < target_epoch)) || die "$(basename "$base") finished after the target time; choose an older base backup"
verify_backup "$base"

if [[ -f $PGDATA/postmaster.pid ]] && pg_ctl -D "$PGDATA" status >/dev/null 2>&1; then
    die "a server is running on $PGDATA; stop it before recovery"
fi
if [[ -d $PGDATA && -n $(ls -A "$PGDATA") ]]; then
    aside="$PGDATA.before-pitr-$(date -u +%Y%m%d%H%M%S)"
    log "setting the current data directory aside as $aside"
    mv "$PGDATA" "$aside"
fi
mkdir -p "$PGDATA"
chmod 0700 "$PGDATA"
log "unpacking $(basename "$base")"
tar -xzf "$base/base.tar.gz" -C "$PGDATA"
if [[ -f $base/pg_wal.tar.gz ]]; then
    tar -xzf "$base/pg_wal.tar.gz" -C "$PGDATA/pg_wal"
fi
rm -f "$PGDATA/postmaster.pid"
{
    printf "restore_command = '%s/pg-wal-restore.sh %%f %%p'\n" "$script_dir"
    if [[ $RECOVERY_TARGET_TIME != latest ]]; then
        printf "recovery_target_time = '%s'\n" "$RECOVERY_TARGET_TIME"
        printf "recovery_target_action = 'promote'\n"
    fi
} >>"$PGDATA/postgresql.auto.conf"
touch "$PGDATA/recovery.signal"

# A private server: socket only, in a scratch directory, archiving the new timeline as it starts.
run_dir=$(mktemp -d)
cleanup_run_dir() {
    if [[ -f $PGDATA/postmaster.pid ]]; then
        pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$run_dir"
}
on_exit cleanup_run_dir
printf 'local all all trust\n' >"$run_dir/pg_hba.conf"
export PGHOST=$run_dir PGPORT=${PITR_PORT:-5432}
log "replaying WAL to ${RECOVERY_TARGET_TIME}"
pg_ctl -D "$PGDATA" -l "$run_dir/recovery.log" -w -t "${RECOVERY_TIMEOUT_SECONDS:-3600}" -o \
    "-c listen_addresses='' -c unix_socket_directories='$run_dir' -c port=$PGPORT -c hba_file='$run_dir/pg_hba.conf' -c archive_mode=on -c archive_command='$script_dir/pg-wal-archive.sh %p %f'" \
    start >/dev/null || {
    tail -n 30 "$run_dir/recovery.log" >&2
    die "the recovering server did not start"
}

deadline=$(($(date -u +%s) + ${RECOVERY_TIMEOUT_SECONDS:-3600}))
while [[ $(pg_sql postgres -c "SELECT pg_is_in_recovery()" 2>/dev/null || echo gone) != f ]]; do
    if ! pg_ctl -D "$PGDATA" status >/dev/null 2>&1; then
        tail -n 30 "$run_dir/recovery.log" >&2
        die "recovery stopped before reaching ${RECOVERY_TARGET_TIME} (is the WAL archive complete up to it?)"
    fi
    (($(date -u +%s) < deadline)) || die "recovery did not finish within ${RECOVERY_TIMEOUT_SECONDS:-3600} s"
    sleep 1
done
log "recovered and promoted; last replayed transaction: $(pg_sql postgres -c "SELECT coalesce(pg_last_xact_replay_timestamp()::text, 'none')")"

while IFS=$'\t' read -r table rows; do
    log "validation: $table has $rows rows"
done < <(pg_count_main_tables "$PGDATABASE")
pg_sql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'" | grep -q 1 || die "database $PGDATABASE is missing after recovery"

# The recovery settings served once; the StatefulSet's server starts without them.
pg_sql postgres -c "ALTER SYSTEM RESET restore_command" -c "ALTER SYSTEM RESET recovery_target_time" -c "ALTER SYSTEM RESET recovery_target_action"
pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
log "point-in-time recovery to ${RECOVERY_TARGET_TIME} complete from $(basename "$base")${aside:+; the previous data directory is kept as $aside}"
log "take a new base backup now: the recovered cluster is on a new timeline"
