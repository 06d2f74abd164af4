#!/bin/sh
# Health gate of a blue/green switch (the runbook's "Tests de santé" before "Switch traffic"): the
# new color must answer its health check several times in a row through its preview Service before
# the stable Service's selector moves to it. A non-zero exit fails the Job, so the Pulumi update
# fails and traffic stays on the old color.
#
# Environment:
#   GATE_URL               URL of the health check (http://backend-green:8100/health)
#   GATE_ATTEMPTS          attempts before giving up (default 30)
#   GATE_INTERVAL_SECONDS  pause between attempts (default 1, as the runbook's wait-for-service.sh)
#   GATE_SUCCESSES         consecutive successes required (default 3: several pods behind the
#                          preview Service answer, not one lucky pod)
set -eu

url="${GATE_URL:?GATE_URL is required}"
attempts="${GATE_ATTEMPTS:-30}"
interval="${GATE_INTERVAL_SECONDS:-1}"
needed="${GATE_SUCCESSES:-3}"

streak=0
attempt=1
while [ "$attempt" -le "$attempts" ]; do
    if curl --fail --silent --show-error --max-time 5 --output /dev/null "$url"; then
        streak=$((streak + 1))
        if [ "$streak" -ge "$needed" ]; then
            echo "healthy: $url answered $needed times in a row (attempt $attempt of $attempts)"
            exit 0
        fi
    else
        streak=0
    fi
    attempt=$((attempt + 1))
    sleep "$interval"
done

echo "unhealthy: $url did not answer $needed times in a row within $attempts attempts" >&2
exit 1
