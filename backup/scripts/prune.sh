#!/usr/bin/env bash
# Applies retention to one kind of backup of a store, outside a backup run (every backup job
# already prunes after itself): removes what is older than RETENTION_DAYS, thins what is older than
# KEEP_ALL_HOURS to one backup a day, never removes the newest backup.
# Usage: prune.sh <kind: base | dumps | snapshots>. Environment: BACKUP_ROOT, RETENTION_DAYS,
# KEEP_ALL_HOURS.
set -euo pipefail
SCRIPT_NAME=prune
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 1 && $1 =~ ^(base|dumps|snapshots)$ ]] || die "usage: $0 <base|dumps|snapshots>"
require_env BACKUP_ROOT
prune_backups "$1"
