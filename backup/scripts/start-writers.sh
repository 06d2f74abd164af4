#!/usr/bin/env bash
# Last step of a restore job, reached only when the restore and its validation succeeded: starts
# the store's StatefulSet again (after a point-in-time recovery), waits for it, then gives the
# writers back the replica counts stop-writers.sh saved.
# Environment: WRITER_SELECTOR, STOP_STATEFULSET, WAIT_TIMEOUT (300s).
set -euo pipefail
SCRIPT_NAME=start-writers
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_commands kubectl
annotation=jarvis.io/replicas-before-restore
timeout=${WAIT_TIMEOUT:-300s}

start() {
    local resource=$1 replicas
    replicas=$(kubectl get "$resource" -o "jsonpath={.metadata.annotations.jarvis\.io/replicas-before-restore}")
    [[ $replicas =~ ^[0-9]+$ ]] || die "$resource has no saved replica count (annotation $annotation)"
    kubectl scale "$resource" --replicas="$replicas" >/dev/null
    kubectl annotate "$resource" "$annotation-" >/dev/null
    kubectl rollout status "$resource" --timeout="$timeout" >/dev/null
    log "$resource back to $replicas replica(s)"
}

if [[ -n ${STOP_STATEFULSET:-} ]]; then
    start "statefulset/$STOP_STATEFULSET"
fi
if [[ -n ${WRITER_SELECTOR:-} ]]; then
    for deployment in $(kubectl get deployments -l "$WRITER_SELECTOR" -o name); do
        start "$deployment"
    done
fi
