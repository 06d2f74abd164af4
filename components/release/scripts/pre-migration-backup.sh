#!/bin/sh
# Pre-migration backup (the runbook's "Backup avant migration"): dumps the application database in
# pg_dump's custom format to the backup volume before a new backend image migrates the schema,
# checks that the archive reads back, and keeps the newest BACKUP_KEEP dumps.
#
# Environment:
#   PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE  the database (read by pg_dump itself)
#   BACKUP_DIR    directory of the dumps (the backup volume)
#   BACKUP_LABEL  names the dump after what triggered it (the backend version and migration id)
#   BACKUP_KEEP   how many dumps to keep (default 5)
set -eu

dir="${BACKUP_DIR:?BACKUP_DIR is required}"
label="${BACKUP_LABEL:?BACKUP_LABEL is required}"
keep="${BACKUP_KEEP:-5}"

# A dump interrupted earlier (pod killed, node lost) is not a backup.
rm -f "$dir"/pre-migration-*.dump.partial

# UTC timestamps first in the name: names sort in time order.
file="$dir/pre-migration-$(date -u +%Y%m%dT%H%M%SZ)-$label.dump"
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial"
pg_restore --list "$file.partial" >/dev/null
mv "$file.partial" "$file"
echo "backup written: $file ($(wc -c <"$file") bytes)"

# The glob expands in name order, oldest first: delete from the front until $keep remain.
set -- "$dir"/pre-migration-*.dump
while [ "$#" -gt "$keep" ]; do
    rm -f -- "$1"
    echo "removed old backup: $1"
    shift
done
