#!/usr/bin/env bash
# Restart PostgreSQL under load and check that nothing acknowledged is lost (bench/fault.py).
# Whatever happens (failure, Ctrl-C), the trap leaves PostgreSQL running.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -n 1)}"
cluster="${PG_CLUSTER:-main}"
restore_postgres() {
  if ! pg_lsclusters --no-header | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c' \
      | grep -q online; then
    echo "Starting PostgreSQL $version/$cluster again" >&2
    pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
  fi
}
trap restore_postgres EXIT

PG_VERSION="$version" PG_CLUSTER="$cluster" .venv/bin/python bench/fault.py "$@"
