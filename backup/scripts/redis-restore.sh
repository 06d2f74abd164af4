#!/usr/bin/env bash
# Restores a Redis RDB snapshot into the running server, following the runbook (writers stopped by
# the restore job, FLUSHALL, load, validate). The snapshot is loaded by a private redis-server on
# localhost, whose keys are then MIGRATEd (with TTLs) to the live server: no restart, and the live
# server's AOF records the restored data.
# Environment: BACKUP_ID (an id, or "latest"), REDIS_HOST, REDIS_PORT, REDISCLI_AUTH,
# RESTORE_TEMP_PORT (6390), MIGRATE_BATCH (200), BACKUP_ROOT.
set -euo pipefail
SCRIPT_NAME=redis-restore
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env BACKUP_ROOT REDIS_HOST
require_backup_id snapshots
require_commands redis-cli redis-server sha256sum
port=${REDIS_PORT:-6379}
temp_port=${RESTORE_TEMP_PORT:-6390}
batch=${MIGRATE_BATCH:-200}

backup=$(find_backup snapshots "$BACKUP_ID")
verify_backup "$backup"
if command -v redis-check-rdb >/dev/null 2>&1; then
    redis-check-rdb "$backup/redis.rdb" >/dev/null || die "redis-check-rdb refuses $backup/redis.rdb"
fi

live() {
    redis-cli --no-auth-warning -h "$REDIS_HOST" -p "$port" "$@"
}
temp() {
    env -u REDISCLI_AUTH redis-cli -h 127.0.0.1 -p "$temp_port" "$@"
}
[[ $(live PING) == PONG ]] || die "redis at $REDIS_HOST does not answer PING"

work=$(mktemp -d)
temp_pid=""
stop_temp() {
    if [[ -n $temp_pid ]]; then
        kill "$temp_pid" 2>/dev/null || true
        wait "$temp_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
on_exit stop_temp
cp "$backup/redis.rdb" "$work/dump.rdb"
redis-server --port "$temp_port" --bind 127.0.0.1 --dir "$work" --dbfilename dump.rdb \
    --appendonly no --save "" --logfile "$work/redis.log" &
temp_pid=$!
for _ in $(seq 1 600); do
    [[ $(temp PING 2>/dev/null) == PONG ]] && [[ $(temp INFO persistence | tr -d '\r' | grep '^loading:') == loading:0 ]] && break
    kill -0 "$temp_pid" 2>/dev/null || { cat "$work/redis.log" >&2; die "the snapshot does not load"; }
    sleep 0.1
done
[[ $(temp PING) == PONG ]] || die "the private server did not load the snapshot in time"

# The password is written to MIGRATE on stdin, never on a command line.
quote() {
    local text=$1
    text=${text//\\/\\\\}
    text=${text//\"/\\\"}
    printf '"%s"' "$text"
}
auth_clause=""
[[ -z ${REDISCLI_AUTH:-} ]] || auth_clause="AUTH $(quote "$REDISCLI_AUTH")"

log "FLUSHALL on $REDIS_HOST"
[[ $(live FLUSHALL) == OK ]] || die "FLUSHALL failed"
databases=$(temp INFO keyspace | tr -d '\r' | sed -n 's/^db\([0-9]*\):keys=.*/\1/p')
for db in $databases; do
    # --no-raw prints each key quoted and escaped, the form redis-cli reads back on stdin.
    if ! temp -n "$db" --no-raw --scan | awk -v batch="$batch" -v host="$(quote "$REDIS_HOST")" -v port="$port" -v db="$db" -v auth="$auth_clause" '
        { keys = keys " " $0; n++ }
        n == batch { print "MIGRATE " host " " port " \"\" " db " 60000 COPY REPLACE " auth " KEYS" keys; keys = ""; n = 0 }
        END { if (n > 0) print "MIGRATE " host " " port " \"\" " db " 60000 COPY REPLACE " auth " KEYS" keys }
    ' | temp -n "$db" >"$work/migrate.out" 2>&1; then
        head -n 5 "$work/migrate.out" >&2
        die "MIGRATE of database $db failed"
    fi
    if grep -qv '^OK$' "$work/migrate.out"; then
        grep -v '^OK$' "$work/migrate.out" | head -n 5 >&2
        die "MIGRATE of database $db failed"
    fi
    expected=$(temp -n "$db" DBSIZE)
    actual=$(live -n "$db" DBSIZE)
    [[ $actual == "$expected" ]] || die "database $db has $actual keys after restore, the snapshot holds $expected"
    log "database $db: $actual keys restored"
done
log "redis at $REDIS_HOST restored from $(basename "$backup")"
