#!/usr/bin/env bash
# PostgreSQL archive_command: copies a completed WAL segment to the backup volume, compressed.
# Usage (postgresql.conf): archive_command = '/opt/jarvis/backup/pg-wal-archive.sh %p %f'
# Environment: WAL_ARCHIVE_DIR (the backup volume's wal/ directory).
#
# With archive_timeout, every segment is complete and archived within that many seconds: this is
# what keeps the recovery point objective. A non-zero exit makes PostgreSQL keep the segment and
# retry, so the script fails loudly rather than ever reporting a segment it did not store.
set -euo pipefail
SCRIPT_NAME=pg-wal-archive
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 2 ]] || die "usage: $0 <path of the segment> <file name of the segment>"
source_path=$1
segment=$2
require_env WAL_ARCHIVE_DIR
[[ $segment =~ ^[0-9A-F]{8}([0-9A-F]{16}(\.partial|\.[0-9A-F]{8}\.backup)?|\.history)$ ]] || die "not a WAL file name: $segment"
[[ -f $source_path ]] || die "no such segment: $source_path"

mkdir -p "$WAL_ARCHIVE_DIR"
target="$WAL_ARCHIVE_DIR/$segment.gz"

# After a crash PostgreSQL may archive a segment again: identical content is a success, different
# content is an error that must not overwrite what recovery may need.
if [[ -f $target ]]; then
    if gzip -dc "$target" | cmp -s - "$source_path"; then
        log "$segment already archived with identical content"
        exit 0
    fi
    die "$segment is already archived with different content; refusing to overwrite it"
fi

gzip -c "$source_path" >"$target.partial"
flush "$target.partial"
mv "$target.partial" "$target"
flush "$WAL_ARCHIVE_DIR"
