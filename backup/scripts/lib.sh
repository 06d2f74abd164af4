#!/usr/bin/env bash
# Shared functions of the Jarvis backup scripts (sourced, never run).
#
# A backup is a directory <BACKUP_ROOT>/<kind>/<id>/ holding its files, SHA256SUMS and
# manifest.json. It is written as <id>.partial/ and renamed only once every file, the checksums
# and the manifest are on disk, so a directory without the suffix is always a complete backup.
#
# Environment: BACKUP_ROOT (backup volume of the store), BACKUP_ENVIRONMENT (staging, production),
# BACKUP_COMPONENT (postgres, timescale, redis, qdrant), RETENTION_DAYS (30), KEEP_ALL_HOURS (24),
# BACKUP_CLOCK (epoch seconds standing for "now", for tests; the real clock when unset).
# shellcheck shell=bash

shopt -s nullglob

log() {
    printf '%s [%s] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${SCRIPT_NAME:-backup}" "$*" >&2
}

die() {
    log "ERROR: $*"
    exit 1
}

require_env() {
    local name
    for name in "$@"; do
        [[ -n "${!name:-}" ]] || die "environment variable $name is required"
    done
}

require_commands() {
    local command
    for command in "$@"; do
        command -v "$command" >/dev/null 2>&1 || die "command $command is not installed in this image"
    done
}

# Functions run when the script exits, last registered first (one EXIT trap for every concern).
_exit_hooks=()
_run_exit_hooks() {
    local status=$? i
    for ((i = ${#_exit_hooks[@]} - 1; i >= 0; i--)); do
        "${_exit_hooks[i]}" || true
    done
    exit "$status"
}
on_exit() {
    _exit_hooks+=("$1")
    trap _run_exit_hooks EXIT
}

now_epoch() {
    printf '%s\n' "${BACKUP_CLOCK:-$(date -u +%s)}"
}

iso_time() {
    date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ
}

file_size() {
    wc -c <"$1" | tr -d ' '
}

sha256_of() {
    sha256sum "$1" | cut -d ' ' -f 1
}

# Flushes a file or directory to disk; a backup reported complete must survive a node crash.
flush() {
    sync -- "$@" 2>/dev/null || sync
}

json_string() {
    local text=$1
    text=${text//\\/\\\\}
    text=${text//\"/\\\"}
    text=${text//$'\n'/\\n}
    text=${text//$'\r'/\\r}
    text=${text//$'\t'/\\t}
    printf '"%s"' "$text"
}

# A top-level value of a manifest written by finalize_backup (one key per line).
manifest_value() {
    sed -n "s/^  \"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1"
}

valid_backup_id() {
    [[ $1 =~ ^[A-Za-z0-9._-]+$ && $1 != *.partial ]]
}

# Starts a backup of a kind (base, dumps, snapshots): sets BACKUP_ID, BACKUP_PARTIAL, BACKUP_FINAL.
begin_backup() {
    require_env BACKUP_ROOT BACKUP_ENVIRONMENT BACKUP_COMPONENT
    BACKUP_KIND=$1
    BACKUP_STARTED=$(now_epoch)
    BACKUP_ID="jarvis-${BACKUP_ENVIRONMENT}-${BACKUP_COMPONENT}-${BACKUP_KIND}-$(date -u -d "@$BACKUP_STARTED" +%Y%m%d-%H%M%S)"
    BACKUP_FINAL="$BACKUP_ROOT/$BACKUP_KIND/$BACKUP_ID"
    BACKUP_PARTIAL="$BACKUP_FINAL.partial"
    [[ ! -e $BACKUP_FINAL ]] || die "backup $BACKUP_ID already exists"
    rm -rf "$BACKUP_PARTIAL"
    mkdir -p "$BACKUP_PARTIAL"
    on_exit _abandon_partial_backup
    log "backup $BACKUP_ID started"
}

# A failed run leaves nothing that could be mistaken for a backup, nor wasted space.
_abandon_partial_backup() {
    if [[ -n ${BACKUP_PARTIAL:-} && -d $BACKUP_PARTIAL ]]; then
        log "removing incomplete $BACKUP_PARTIAL"
        rm -rf "$BACKUP_PARTIAL"
    fi
}

# Checksums every file, writes the manifest, then renames the directory: the backup is complete.
# $1: JSON object with details of this kind of backup.
finalize_backup() {
    local details=${1:-"{}"} file name size sum total=0 files_json="" finished checksum
    [[ -d $BACKUP_PARTIAL ]] || die "no backup in progress"
    finished=$(date -u +%s)
    (
        cd "$BACKUP_PARTIAL" || exit 1
        for file in *; do
            [[ -f $file && $file != SHA256SUMS && $file != manifest.json ]] && sha256sum -- "$file"
        done
    ) >"$BACKUP_PARTIAL/SHA256SUMS"
    while read -r sum name; do
        size=$(file_size "$BACKUP_PARTIAL/$name")
        total=$((total + size))
        [[ -z $files_json ]] || files_json+=$',\n'
        files_json+="    {\"name\": $(json_string "$name"), \"size_bytes\": $size, \"sha256\": \"$sum\"}"
    done <"$BACKUP_PARTIAL/SHA256SUMS"
    [[ $total -gt 0 || ${ALLOW_EMPTY_BACKUP:-false} == true ]] || die "backup $BACKUP_ID holds no data"
    checksum=$(sha256_of "$BACKUP_PARTIAL/SHA256SUMS")
    {
        printf '{\n'
        printf '  "backup_id": %s,\n' "$(json_string "$BACKUP_ID")"
        printf '  "environment": %s,\n' "$(json_string "$BACKUP_ENVIRONMENT")"
        printf '  "component": %s,\n' "$(json_string "$BACKUP_COMPONENT")"
        printf '  "backup_type": %s,\n' "$(json_string "$BACKUP_KIND")"
        printf '  "timestamp": "%s",\n' "$(iso_time "$BACKUP_STARTED")"
        printf '  "created_epoch": %s,\n' "$BACKUP_STARTED"
        printf '  "finished_epoch": %s,\n' "$finished"
        printf '  "size_bytes": %s,\n' "$total"
        printf '  "checksum": "sha256:%s",\n' "$checksum"
        printf '  "files": [\n%s\n  ],\n' "$files_json"
        printf '  "details": %s\n' "$details"
        printf '}\n'
    } >"$BACKUP_PARTIAL/manifest.json.tmp"
    mv "$BACKUP_PARTIAL/manifest.json.tmp" "$BACKUP_PARTIAL/manifest.json"
    flush "$BACKUP_PARTIAL"/*
    flush "$BACKUP_PARTIAL"
    mv "$BACKUP_PARTIAL" "$BACKUP_FINAL"
    flush "$BACKUP_ROOT/$BACKUP_KIND"
    BACKUP_PARTIAL=""
    log "backup $BACKUP_ID complete: $total bytes, sha256:$checksum"
}

# Complete backups of a kind, oldest first: "<created epoch><TAB><directory>" per line.
list_backups() {
    local dir="$BACKUP_ROOT/$1" backup epoch
    for backup in "$dir"/*/; do
        backup=${backup%/}
        [[ $backup != *.partial && -f $backup/manifest.json ]] || continue
        epoch=$(manifest_value "$backup/manifest.json" created_epoch)
        [[ $epoch =~ ^[0-9]+$ ]] || continue
        printf '%s\t%s\n' "$epoch" "$backup"
    done | sort -n
}

# Stops a restore that was started without BACKUP_ID, listing the complete backups of a kind.
require_backup_id() {
    [[ -z ${BACKUP_ID:-} ]] || return 0
    log "BACKUP_ID is required (a backup id, or latest); complete $1:"
    list_backups "$1" | cut -f 2- | sed 's|.*/|  |' >&2
    die "no backup id given"
}

# Directory of a backup by id, or the newest with "latest"; refuses unknown and incomplete ones.
find_backup() {
    local kind=$1 id=$2 dir
    if [[ $id == latest ]]; then
        dir=$(list_backups "$kind" | tail -n 1 | cut -f 2-)
        [[ -n $dir ]] || die "no complete $kind backup in $BACKUP_ROOT/$kind"
    else
        valid_backup_id "$id" || die "not a backup id: $id"
        dir="$BACKUP_ROOT/$kind/$id"
        if [[ ! -f $dir/manifest.json ]]; then
            log "backup $id not found (or incomplete) in $BACKUP_ROOT/$kind; complete backups:"
            list_backups "$kind" | cut -f 2- | sed 's|.*/|  |' >&2
            die "backup $id not found"
        fi
    fi
    printf '%s\n' "$dir"
}

# Refuses a backup whose files do not match their checksums (truncated, corrupted, missing).
verify_backup() {
    local dir=$1 expected actual
    [[ -f $dir/manifest.json ]] || die "$dir has no manifest: not a complete backup"
    [[ -f $dir/SHA256SUMS ]] || die "$dir has no SHA256SUMS: not a complete backup"
    expected=$(manifest_value "$dir/manifest.json" checksum)
    actual="sha256:$(sha256_of "$dir/SHA256SUMS")"
    [[ $expected == "$actual" ]] || die "$dir: checksum list does not match the manifest ($actual, manifest says $expected)"
    if ! (cd "$dir" && sha256sum -c SHA256SUMS >/dev/null 2>&1); then
        (cd "$dir" && sha256sum -c SHA256SUMS 2>&1 | grep -v ': OK$' >&2) || true
        die "$dir: files do not match their checksums (truncated or corrupted); refusing to use this backup"
    fi
    log "backup $(basename "$dir") verified: every file matches its sha256"
}

# Retention: removes backups older than RETENTION_DAYS; between KEEP_ALL_HOURS and RETENTION_DAYS
# keeps the newest backup of each day. The newest backup is never removed, whatever its age.
prune_backups() {
    local kind=$1 dir="$BACKUP_ROOT/$1" now days=${RETENTION_DAYS:-30} keep_hours=${KEEP_ALL_HOURS:-24}
    local entries=() i epoch path age day kept_days=" " removed=0
    [[ $days =~ ^[0-9]+$ && $keep_hours =~ ^[0-9]+$ ]] || die "RETENTION_DAYS and KEEP_ALL_HOURS must be whole numbers"
    [[ -d $dir ]] || return 0
    now=$(now_epoch)
    mapfile -t entries < <(list_backups "$kind")
    for ((i = ${#entries[@]} - 1; i >= 0; i--)); do
        epoch=${entries[i]%%$'\t'*}
        path=${entries[i]#*$'\t'}
        age=$((now - epoch))
        day=$((epoch / 86400))
        if ((i == ${#entries[@]} - 1)); then
            kept_days+="$day "
            continue
        elif ((age > days * 86400)); then
            log "retention: removing $(basename "$path"), older than $days days"
        elif ((age > keep_hours * 3600)) && [[ $kept_days == *" $day "* ]]; then
            log "retention: removing $(basename "$path"), a newer backup of the same day is kept"
        else
            ((age <= keep_hours * 3600)) || kept_days+="$day "
            continue
        fi
        rm -rf "$path"
        removed=$((removed + 1))
    done
    # Leftovers of a run killed before it could clean up (node lost); a day is far beyond any job.
    find "$dir" -mindepth 1 -maxdepth 1 -name '*.partial' -mmin +1440 -exec rm -rf {} +
    log "retention: $removed $kind backup(s) removed, $((${#entries[@]} - removed)) kept"
}
