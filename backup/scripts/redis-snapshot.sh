#!/usr/bin/env bash
# Redis RDB snapshot: BGSAVE, wait until LASTSAVE changes, copy dump.rdb from the data volume
# (mounted read-only), check it with redis-check-rdb, checksum it. Continuous durability comes
# from the server's AOF (appendfsync everysec); these snapshots are the copies kept apart from it.
# Environment: REDIS_HOST, REDIS_PORT, REDISCLI_AUTH (password), REDIS_DATA_DIR (/data),
# REDIS_RDB_FILE (dump.rdb), SNAPSHOT_TIMEOUT_SECONDS (600), BACKUP_ROOT, BACKUP_ENVIRONMENT,
# BACKUP_COMPONENT, RETENTION_DAYS, KEEP_ALL_HOURS.
set -euo pipefail
SCRIPT_NAME=redis-snapshot
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env REDIS_HOST REDIS_DATA_DIR
require_commands redis-cli sha256sum
rcli() {
    redis-cli --no-auth-warning -h "$REDIS_HOST" -p "${REDIS_PORT:-6379}" "$@"
}
[[ $(rcli PING) == PONG ]] || die "redis at $REDIS_HOST does not answer PING"

begin_backup snapshots
deadline=$(($(date -u +%s) + ${SNAPSHOT_TIMEOUT_SECONDS:-600}))
# A save Redis started on its own is older than this run: wait for it, then ask for ours.
while true; do
    before=$(rcli LASTSAVE)
    # LASTSAVE counts seconds: start in a later second than the previous save, or its change is invisible.
    while [[ $(rcli TIME | head -n 1) -le $before ]]; do sleep 0.2; done
    reply=$(rcli BGSAVE SCHEDULE 2>&1) || true
    [[ $reply == *"in progress"* ]] || break
    (($(date -u +%s) < deadline)) || die "a background save kept running for ${SNAPSHOT_TIMEOUT_SECONDS:-600} s"
    sleep 1
done
[[ $reply == "Background saving "* ]] || die "BGSAVE refused: $reply"
log "BGSAVE: $reply"
while [[ $(rcli LASTSAVE) == "$before" ]]; do
    (($(date -u +%s) < deadline)) || die "LASTSAVE did not change within ${SNAPSHOT_TIMEOUT_SECONDS:-600} s"
    sleep 0.5
done
persistence=$(rcli INFO persistence | tr -d '\r')
grep -q '^rdb_last_bgsave_status:ok$' <<<"$persistence" || die "the background save failed: $(grep '^rdb_last_bgsave' <<<"$persistence" | tr '\n' ' ')"

source_file="$REDIS_DATA_DIR/${REDIS_RDB_FILE:-dump.rdb}"
[[ -f $source_file ]] || die "no $source_file after BGSAVE (is the data volume mounted at REDIS_DATA_DIR?)"
# Redis writes the RDB under a temporary name and renames it: what is copied is a whole snapshot.
cp "$source_file" "$BACKUP_PARTIAL/redis.rdb"
if command -v redis-check-rdb >/dev/null 2>&1; then
    redis-check-rdb "$BACKUP_PARTIAL/redis.rdb" >/dev/null || die "redis-check-rdb refuses the copied snapshot"
fi

keyspace=$(rcli INFO keyspace | tr -d '\r' | sed -n 's/^\(db[0-9]*\):keys=\([0-9]*\).*/"\1": \2/p' | paste -sd, - | sed 's/,/, /g')
finalize_backup "{\"lastsave\": $(rcli LASTSAVE), \"keyspace\": {$keyspace}}"
prune_backups snapshots
