#!/usr/bin/env bash
# Restores Qdrant collections from a snapshot backup (writers stopped by the restore job): each
# snapshot is uploaded with its checksum, which Qdrant verifies, replacing the collection; then
# each collection is validated (status green or yellow, points counted).
# Environment: BACKUP_ID (an id, or "latest"), COLLECTIONS (optional, space-separated subset),
# QDRANT_URL, QDRANT_API_KEY, BACKUP_ROOT.
set -euo pipefail
SCRIPT_NAME=qdrant-restore
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env BACKUP_ROOT QDRANT_URL
require_backup_id snapshots
require_commands curl jq sha256sum
api() {
    local method=$1 path=$2
    shift 2
    curl --fail-with-body --silent --show-error --max-time "${HTTP_TIMEOUT_SECONDS:-3600}" \
        -H "api-key: ${QDRANT_API_KEY:-}" -X "$method" "$QDRANT_URL$path" "$@"
}

backup=$(find_backup snapshots "$BACKUP_ID")
verify_backup "$backup"
[[ -f $backup/collections.tsv ]] || die "$backup has no collections.tsv"

restored=0
while IFS=$'\t' read -r file collection points; do
    [[ -n $file ]] || continue
    if [[ -n ${COLLECTIONS:-} && " $COLLECTIONS " != *" $collection "* ]]; then
        continue
    fi
    checksum=$(grep "  $file\$" "$backup/SHA256SUMS" | cut -d ' ' -f 1)
    encoded=$(jq -rn --arg name "$collection" '$name | @uri')
    log "restoring collection $collection from $file"
    api POST "/collections/$encoded/snapshots/upload?priority=snapshot&wait=true&checksum=$checksum" \
        -F "snapshot=@$backup/$file" >/dev/null
    info=$(api GET "/collections/$encoded")
    status=$(jq -r '.result.status' <<<"$info")
    count=$(jq -r '.result.points_count // 0' <<<"$info")
    [[ $status == green || $status == yellow ]] || die "collection $collection is $status after restore"
    log "validation: collection $collection has $count points (the snapshot run counted $points)"
    restored=$((restored + 1))
done <"$backup/collections.tsv"
((restored > 0)) || die "nothing restored (COLLECTIONS=${COLLECTIONS:-all})"
log "$restored collection(s) restored from $(basename "$backup")"
