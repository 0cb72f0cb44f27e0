#!/usr/bin/env bash
# Shared by scripts/demo.sh and scripts/test.sh: installs what the platform needs, idempotently,
# and starts the real local servers. Sourced, never run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Node packages, installed again only when the lockfile changed since the last install.
# `npm install` rather than `npm ci`: npm 11 writes lockfiles without other platforms'
# optional binaries (@swc/core-*), which `npm ci` then refuses; `npm install` keeps the
# locked versions all the same.
install_node_modules() {
  command -v node >/dev/null || { echo "node (>= 20.6) is required" >&2; exit 1; }
  local stamp="node_modules/.mlops-install-stamp"
  local want
  want="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  say "installing npm packages"
  ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
}

# Starts Kafka, the schema registry, Redis and ClickHouse (each installs or downloads what it
# needs on first use) and exports their connection variables.
start_servers() {
  say "starting local servers (Kafka, schema registry, Redis, ClickHouse)"
  local vars
  vars="$(bash infra/local/servers.sh start)"
  set -a
  eval "$vars"
  set +a
}

# ClickHouse tables and Kafka topics/schemas; both safe to run again.
prepare_stores() {
  say "applying ClickHouse migrations"
  node -r @swc-node/register scripts/migrate.ts
  say "creating topics and registering schemas"
  node -r @swc-node/register scripts/register-schemas.ts
}
