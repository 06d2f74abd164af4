#!/usr/bin/env bash
# Streaming replication of a PostgreSQL-family StatefulSet: one pod is the primary (PRIMARY_POD),
# the others are hot standbys that clone it once, then stream its WAL. Runs in two places:
#   - the pod's init container, before every start of the server:
#       primary: admits replication connections on an existing data directory (pg_hba.conf);
#       standby: on an empty data directory, waits for the primary, makes sure the replication role
#       and this standby's slot are ready, and clones the primary with `pg_basebackup -R`, which
#       writes standby.signal and primary_conninfo: the server then starts as a hot standby;
#   - /docker-entrypoint-initdb.d, run by the official image's entrypoint on the primary's first
#     start only: admits replication connections on the new data directory.
# Failover is manual (docs/postgres-replication.md): this script never promotes a standby, and it
# refuses to start a former primary's data as a standby, which would fork the database.
#
# Environment:
#   PGDATA                                 the data directory
#   POD_NAME                               this pod (default: HOSTNAME, a StatefulSet pod's name)
#   PRIMARY_POD                            the pod that runs as the primary
#   PRIMARY_HOST PRIMARY_PORT              where standbys reach the primary (port: PGPORT, or 5432)
#   REPLICATION_USER REPLICATION_PASSWORD  the role standbys stream as (LOGIN REPLICATION only)
#   POSTGRES_USER POSTGRES_PASSWORD        the primary's superuser, which sets up the role and slot
#   PRIMARY_WAIT_SECONDS                   how long a standby waits for the primary (default 600)
set -euo pipefail

data="${PGDATA:?PGDATA is required}"
data="${data%/}"
pod="${POD_NAME:-${HOSTNAME:?POD_NAME or HOSTNAME is required}}"
primary_pod="${PRIMARY_POD:?PRIMARY_POD is required}"
replication_user="${REPLICATION_USER:?REPLICATION_USER is required}"

log() { printf '%s: %s\n' "${0##*/}" "$*"; }
fail() {
    printf '%s: %s\n' "${0##*/}" "$*" >&2
    exit 1
}

# Names that go unquoted into pg_hba.conf and slot names.
[[ "$replication_user" =~ ^[a-z_][a-z0-9_]*$ ]] || fail "REPLICATION_USER must be a plain lower-case identifier"

initialized() { [ -s "$data/PG_VERSION" ]; }

# The official image only adds `host all all all scram-sha-256`, and the `all` database never matches
# a replication connection: standbys need a rule of their own.
admit_replication() {
    local hba="$data/pg_hba.conf"
    local rule="host replication $replication_user all scram-sha-256"
    if grep -qxF "$rule" "$hba"; then return 0; fi
    printf '# Hot standbys stream as %s (postgres-replication.sh).\n%s\n' "$replication_user" "$rule" >>"$hba"
    log "admitted replication connections of $replication_user in $hba"
}

if [ "$pod" = "$primary_pod" ]; then
    if ! initialized; then
        log "$pod is the primary; its first start initialises $data, then runs this script again"
        exit 0
    fi
    if [ -e "$data/standby.signal" ]; then
        # Promotion is a decision for the operator (the old primary may still be alive); starting as
        # a standby keeps the data safe until then.
        log "warning: $pod is the designated primary but its data is a standby's: promote it (SELECT pg_promote())"
    fi
    admit_replication
    exit 0
fi

if initialized; then
    # A former primary diverged from the new one: streaming onto it would fork the history.
    [ -e "$data/standby.signal" ] || fail "$data holds a primary's data while $primary_pod is the primary: rebuild this standby (docs/postgres-replication.md)"
    log "$pod is a standby of $primary_pod with data already: streaming resumes"
    exit 0
fi
if [ -d "$data" ] && [ -n "$(ls -A -- "$data")" ]; then
    fail "$data is not empty but holds no database (no PG_VERSION): refusing to overwrite it"
fi

primary_host="${PRIMARY_HOST:?PRIMARY_HOST is required}"
primary_port="${PRIMARY_PORT:-${PGPORT:-5432}}"
superuser="${POSTGRES_USER:?POSTGRES_USER is required}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
: "${REPLICATION_PASSWORD:?REPLICATION_PASSWORD is required}"
wait_seconds="${PRIMARY_WAIT_SECONDS:-600}"
# One slot per standby: the primary keeps the WAL a standby has not received yet, across restarts.
slot="${pod//-/_}"
[[ "$slot" =~ ^[a-z0-9_]+$ ]] || fail "cannot derive a replication slot name from pod name $pod"

log "$pod is a new standby of $primary_pod: waiting for $primary_host:$primary_port"
deadline=$((SECONDS + wait_seconds))
until pg_isready --quiet --host="$primary_host" --port="$primary_port" --timeout=5; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$primary_host:$primary_port is not accepting connections after ${wait_seconds}s"
    sleep 2
done

# Here rather than at the primary's first start: it also serves a primary created before it had
# standbys, and a regenerated password. A slot left by an interrupted clone would make -C fail.
PGPASSWORD="$POSTGRES_PASSWORD" psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 \
    --dbname="host=$primary_host port=$primary_port user=$superuser dbname=postgres connect_timeout=10" \
    -v user="$replication_user" -v password="$REPLICATION_PASSWORD" -v slot="$slot" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I', :'user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN REPLICATION NOSUPERUSER PASSWORD %L', :'user', :'password') \gexec
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = :'slot' AND NOT active;
SQL

# Cloned beside the data directory and moved into place when complete: a clone cut short (pod
# killed, node lost) never passes for a database on the next start.
partial="$data.partial"
rm -rf -- "$partial"
log "cloning $primary_host:$primary_port into $data (slot $slot)"
PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup --pgdata="$partial" --no-password \
    --dbname="host=$primary_host port=$primary_port user=$replication_user application_name=$pod" \
    --wal-method=stream --write-recovery-conf --create-slot --slot="$slot" --checkpoint=fast
[ -e "$partial/standby.signal" ] || fail "pg_basebackup wrote no standby.signal"
if [ -d "$data" ]; then rmdir -- "$data"; fi
mv -- "$partial" "$data"
log "$pod cloned $primary_pod: it starts as a hot standby"
