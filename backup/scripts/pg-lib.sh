#!/usr/bin/env bash
# PostgreSQL helpers of the Jarvis backup scripts (sourced after lib.sh, never run).
#
# Connection: the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD); PGDATABASE is the
# application database. MAIN_TABLES lists the runbook's main tables (counted in every dump's
# manifest, compared after a restore). TIMESCALE=true wraps restores in timescaledb_pre_restore()
# and timescaledb_post_restore(), as TimescaleDB requires.
# shellcheck shell=bash

# Database and table names come from configuration checked against this pattern, so they can be
# written into SQL without quoting surprises.
pg_check_identifier() {
    [[ $1 =~ ^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$ ]] || die "not a plain identifier: $1"
}

# Runs SQL (from arguments or stdin) in a database; unaligned, tuples only, stops at the first error.
pg_sql() {
    local database=$1
    shift
    psql -X -q -A -t -v ON_ERROR_STOP=1 --no-password -d "$database" "$@"
}

pg_database_exists() {
    [[ $(pg_sql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$1'") == 1 ]]
}

pg_drop_database() {
    pg_check_identifier "$1"
    pg_sql postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)"
}

# Restores a custom-format dump into a new, empty database.
pg_restore_into() {
    local database=$1 dump=$2 jobs=${PG_RESTORE_JOBS:-2}
    pg_check_identifier "$database"
    pg_drop_database "$database"
    pg_sql postgres -c "CREATE DATABASE \"$database\""
    if [[ ${TIMESCALE:-false} == true ]]; then
        pg_sql "$database" -c "CREATE EXTENSION IF NOT EXISTS timescaledb" -c "SELECT timescaledb_pre_restore()" >/dev/null
    fi
    log "restoring $(basename "$dump") into database $database ($jobs parallel jobs)"
    pg_restore --exit-on-error --no-password --jobs="$jobs" --dbname="$database" "$dump"
    if [[ ${TIMESCALE:-false} == true ]]; then
        pg_sql "$database" -c "SELECT timescaledb_post_restore()" >/dev/null
    fi
}

# "<table><TAB><rows>" for each main table present in a database.
pg_count_main_tables() {
    local database=$1 table
    for table in ${MAIN_TABLES:-}; do
        pg_check_identifier "$table"
        if [[ $(pg_sql "$database" -c "SELECT to_regclass('$table') IS NOT NULL") == t ]]; then
            printf '%s\t%s\n' "$table" "$(pg_sql "$database" -c "SELECT count(*) FROM $table")"
        fi
    done
}

# Compares the row counts of a restored database with those the dump recorded (row-counts.tsv).
pg_check_row_counts() {
    local database=$1 counts=$2 table expected actual checked=0
    [[ -f $counts ]] || die "$counts is missing"
    while IFS=$'\t' read -r table expected; do
        [[ -n $table ]] || continue
        pg_check_identifier "$table"
        actual=$(pg_sql "$database" -c "SELECT count(*) FROM $table") || die "table $table is missing from the restored database"
        [[ $actual == "$expected" ]] || die "table $table has $actual rows after restore, the backup recorded $expected"
        log "table $table: $actual rows, as recorded"
        checked=$((checked + 1))
    done <"$counts"
    log "$checked main table(s) match the backup's row counts"
}

# Tables with data in a dump must all exist once restored (a dump that lost its data fails here).
pg_check_tables_restored() {
    local database=$1 dump=$2 expected actual
    expected=$(pg_restore --list "$dump" | grep -c ' TABLE DATA ' || true)
    actual=$(pg_sql "$database" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        AND n.nspname NOT LIKE '_timescaledb%'")
    ((actual >= expected)) || die "the dump holds data for $expected tables, the restored database has $actual"
    log "$actual table(s) restored ($expected with data in the dump)"
}
