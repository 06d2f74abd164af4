#!/usr/bin/env bash
# Copies a store's complete backups (and its WAL archive) to S3-compatible object storage. Partial
# backups (*.partial) are never copied. Nothing is deleted remotely: the bucket's lifecycle rule
# expires copies, so a damaged backup volume cannot wipe the off-site copy.
# Environment: BACKUP_ROOT, BACKUP_ENVIRONMENT, BACKUP_COMPONENT, OFFSITE_ENDPOINT,
# OFFSITE_BUCKET, OFFSITE_PREFIX, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (or the
# pod's workload identity).
set -euo pipefail
SCRIPT_NAME=offsite-sync
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env BACKUP_ROOT BACKUP_ENVIRONMENT BACKUP_COMPONENT OFFSITE_ENDPOINT OFFSITE_BUCKET OFFSITE_PREFIX
require_commands aws
destination="s3://$OFFSITE_BUCKET/$OFFSITE_PREFIX/$BACKUP_ENVIRONMENT/$BACKUP_COMPONENT/"
log "copying $BACKUP_ROOT to $destination"
aws s3 sync "$BACKUP_ROOT/" "$destination" --endpoint-url "$OFFSITE_ENDPOINT" --no-progress --only-show-errors \
    --exclude '*.partial' --exclude '*.partial/*' --exclude '*.tmp' --exclude 'lost+found/*'
log "off-site copy of $BACKUP_COMPONENT is up to date"
