#!/usr/bin/env bash
# Physical backup: pg_basebackup of the whole cluster (tar, gzip, with the WAL needed to make it
# consistent). Together with the WAL archive it is the starting point of point-in-time recovery.
# After it, retention removes old base backups and the archived WAL only they needed.
# Environment: PGHOST, PGPORT, PGUSER, PGPASSWORD, BACKUP_ROOT, BACKUP_ENVIRONMENT,
# BACKUP_COMPONENT, RETENTION_DAYS, KEEP_ALL_HOURS; WAL_ARCHIVE_DIR (default BACKUP_ROOT/wal).
set -euo pipefail
SCRIPT_NAME=pg-basebackup
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env PGHOST PGUSER
require_commands pg_basebackup pg_archivecleanup gzip tar sha256sum
begin_backup base
wal_dir=${WAL_ARCHIVE_DIR:-$BACKUP_ROOT/wal}

log "base backup of $PGHOST"
pg_basebackup --no-password --pgdata="$BACKUP_PARTIAL" --format=tar --gzip --wal-method=stream \
    --checkpoint=fast --label="$BACKUP_ID"
for archive in "$BACKUP_PARTIAL"/*.tar.gz; do
    gzip -t "$archive" || die "$(basename "$archive") is not a valid gzip archive"
done
[[ -f $BACKUP_PARTIAL/base.tar.gz ]] || die "pg_basebackup wrote no base.tar.gz"

# The first WAL segment recovery needs from this backup: older archived WAL serves older backups only.
wal_start=$(tar -xzOf "$BACKUP_PARTIAL/base.tar.gz" backup_label | sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]\{24\}\))$/\1/p')
[[ $wal_start =~ ^[0-9A-F]{24}$ ]] || die "no start WAL segment in the backup label"

finalize_backup "{\"label\": $(json_string "$BACKUP_ID"), \"wal_start_segment\": \"$wal_start\", \"wal_archive\": $(json_string "$wal_dir")}"
prune_backups base

# Archived WAL older than the oldest remaining base backup can no longer be replayed from anything.
oldest=$(list_backups base | head -n 1 | cut -f 2-)
if [[ -n $oldest && -d $wal_dir ]]; then
    oldest_segment=$(sed -n 's/.*"wal_start_segment": "\([0-9A-F]\{24\}\)".*/\1/p' "$oldest/manifest.json")
    if [[ $oldest_segment =~ ^[0-9A-F]{24}$ ]]; then
        log "retention: removing archived WAL before $oldest_segment (start of $(basename "$oldest"))"
        pg_archivecleanup -x .gz "$wal_dir" "$oldest_segment"
        find "$wal_dir" -maxdepth 1 -name '*.backup.gz' -mtime "+${RETENTION_DAYS:-30}" -delete
        find "$wal_dir" -maxdepth 1 -name '*.partial' -mmin +1440 -delete
    fi
fi
