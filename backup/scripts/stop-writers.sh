#!/usr/bin/env bash
# First step of every restore job (the runbook's "arrêt services"): scales the store's writers to
# zero and waits for their pods to be gone; for a point-in-time recovery also stops the store's
# StatefulSet. Replica counts are kept in an annotation for start-writers.sh; a second run never
# overwrites them with zero.
# Environment: WRITER_SELECTOR (label selector of the writers' Deployments, may be empty),
# STOP_STATEFULSET (optional StatefulSet name), WAIT_TIMEOUT (300s).
set -euo pipefail
SCRIPT_NAME=stop-writers
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_commands kubectl
annotation=jarvis.io/replicas-before-restore
timeout=${WAIT_TIMEOUT:-300s}

stop() {
    local resource=$1 replicas saved
    saved=$(kubectl get "$resource" -o "jsonpath={.metadata.annotations.jarvis\.io/replicas-before-restore}")
    if [[ -z $saved ]]; then
        replicas=$(kubectl get "$resource" -o 'jsonpath={.spec.replicas}')
        kubectl annotate "$resource" "$annotation=${replicas:-1}" >/dev/null
    fi
    kubectl scale "$resource" --replicas=0 >/dev/null
    log "$resource scaled to 0 (was ${saved:-${replicas:-1}})"
}

if [[ -n ${WRITER_SELECTOR:-} ]]; then
    for deployment in $(kubectl get deployments -l "$WRITER_SELECTOR" -o name); do
        stop "$deployment"
    done
    kubectl wait --for=delete pod -l "$WRITER_SELECTOR" --timeout="$timeout" >/dev/null 2>&1 || true
    [[ -z $(kubectl get pods -l "$WRITER_SELECTOR" -o name) ]] || die "writers still running after $timeout"
    log "writers stopped ($WRITER_SELECTOR)"
fi
if [[ -n ${STOP_STATEFULSET:-} ]]; then
    stop "statefulset/$STOP_STATEFULSET"
    kubectl wait --for=delete "pod/$STOP_STATEFULSET-0" --timeout="$timeout" >/dev/null 2>&1 || true
    [[ -z $(kubectl get pods --field-selector "metadata.name=$STOP_STATEFULSET-0" -o name) ]] || die "$STOP_STATEFULSET-0 still running after $timeout"
    log "statefulset $STOP_STATEFULSET stopped"
fi
