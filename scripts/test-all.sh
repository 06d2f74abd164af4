#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the Debian tools the tests drive (PostgreSQL,
# Redis, promtool, shellcheck) when they are missing, the npm dependencies, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian package that provides each command the tests run.
declare -A needed=(
    [psql]=postgresql-client
    [redis-server]=redis-server
    [promtool]=prometheus
    [shellcheck]=shellcheck
)
# The PostgreSQL server binaries live outside PATH on Debian.
pg_server_present() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }

missing=()
for command in "${!needed[@]}"; do
    command -v "$command" >/dev/null 2>&1 || missing+=("${needed[$command]}")
done
pg_server_present || missing+=(postgresql)

if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing missing Debian packages: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund --loglevel=error
npx tsc --noEmit -p .
npx vitest run "$@"
