#!/usr/bin/env bash
# PostgreSQL restore_command for point-in-time recovery: hands an archived WAL file back.
# Usage: restore_command = '/opt/jarvis/backup/pg-wal-restore.sh %f %p'
# Environment: WAL_ARCHIVE_DIR. A missing file exits 1, which is how recovery learns that the
# archive ends there (PostgreSQL asks for files that do not exist yet as a matter of course).
set -euo pipefail
SCRIPT_NAME=pg-wal-restore
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 2 ]] || die "usage: $0 <file name> <destination path>"
require_env WAL_ARCHIVE_DIR
source_path="$WAL_ARCHIVE_DIR/$1.gz"
[[ -f $source_path ]] || exit 1
gzip -dc "$source_path" >"$2.partial"
mv "$2.partial" "$2"
