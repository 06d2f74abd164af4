#!/usr/bin/env bash
# Qdrant snapshots through its HTTP API: for each collection, create a snapshot, download it,
# check it against the checksum Qdrant reports, delete it from the server (its disk is not the
# backup volume), then record everything in one backup. Scheduled within tier 2's RPO.
# Environment: QDRANT_URL (http://qdrant:6333), QDRANT_API_KEY, BACKUP_ROOT, BACKUP_ENVIRONMENT,
# BACKUP_COMPONENT, RETENTION_DAYS, KEEP_ALL_HOURS.
set -euo pipefail
SCRIPT_NAME=qdrant-snapshot
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_env QDRANT_URL
require_commands curl jq sha256sum
api() {
    local method=$1 path=$2
    shift 2
    curl --fail-with-body --silent --show-error --retry 3 --retry-connrefused --max-time "${HTTP_TIMEOUT_SECONDS:-1800}" \
        -H "api-key: ${QDRANT_API_KEY:-}" -X "$method" "$QDRANT_URL$path" "$@"
}

collections=$(api GET /collections | jq -r '.result.collections[].name')
begin_backup snapshots
: >"$BACKUP_PARTIAL/collections.tsv"
collections_json=""
# Qdrant allows an empty database; its backup is then an empty but complete record.
ALLOW_EMPTY_BACKUP=true
while IFS= read -r collection; do
    [[ -n $collection ]] || continue
    encoded=$(jq -rn --arg name "$collection" '$name | @uri')
    points=$(api GET "/collections/$encoded" | jq -r '.result.points_count // 0')
    description=$(api POST "/collections/$encoded/snapshots?wait=true")
    snapshot=$(jq -r '.result.name' <<<"$description")
    reported=$(jq -r '.result.checksum // empty' <<<"$description")
    [[ -n $snapshot && $snapshot != null ]] || die "Qdrant did not create a snapshot of $collection: $description"
    file="$encoded.snapshot"
    log "collection $collection: snapshot $snapshot ($points points)"
    api GET "/collections/$encoded/snapshots/$(jq -rn --arg name "$snapshot" '$name | @uri')" -o "$BACKUP_PARTIAL/$file"
    actual=$(sha256_of "$BACKUP_PARTIAL/$file")
    if [[ -n $reported && $reported != "$actual" ]]; then
        die "downloaded snapshot of $collection does not match Qdrant's checksum ($actual, expected $reported)"
    fi
    api DELETE "/collections/$encoded/snapshots/$(jq -rn --arg name "$snapshot" '$name | @uri')?wait=true" >/dev/null
    printf '%s\t%s\t%s\n' "$file" "$collection" "$points" >>"$BACKUP_PARTIAL/collections.tsv"
    [[ -z $collections_json ]] || collections_json+=", "
    collections_json+="$(json_string "$collection"): {\"file\": $(json_string "$file"), \"points_count\": $points, \"snapshot\": $(json_string "$snapshot")}"
done <<<"$collections"

finalize_backup "{\"collections\": {$collections_json}}"
prune_backups snapshots
