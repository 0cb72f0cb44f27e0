#!/usr/bin/env bash
# Starts, stops or reports the local servers the platform needs, each through its own script:
#   redis -> redis.sh, clickhouse -> clickhouse.sh, kafka -> kafka.sh, schema-registry -> apicurio.sh
# Usage: infra/local/servers.sh {start|stop|status} [redis|clickhouse|kafka|schema-registry ...]
#
# No names means all four. start goes redis, clickhouse, kafka, schema-registry; stop the reverse.
# A server that fails does not keep the others from being handled; the exit code is non-zero if any failed
# (for status: if any is down). Progress goes to stderr. After a start, stdout carries only the connection
# variables of the servers that are up, as NAME=value lines, so this works:
#   set -a; eval "$(infra/local/servers.sh start)"; set +a
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/local/lib.sh
source "$HERE/lib.sh"

ORDER=(redis clickhouse kafka schema-registry)

usage() {
  echo "usage: $0 {start|stop|status} [${ORDER[*]}]" >&2
  exit 2
}

script_for() {
  case "$1" in
    redis) echo "$HERE/redis.sh" ;;
    clickhouse) echo "$HERE/clickhouse.sh" ;;
    kafka) echo "$HERE/kafka.sh" ;;
    schema-registry) echo "$HERE/apicurio.sh" ;;
  esac
}

env_for() {
  case "$1" in
    redis) echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT" ;;
    clickhouse) echo "CLICKHOUSE_URL=http://127.0.0.1:$CLICKHOUSE_HTTP_PORT" ;;
    kafka) echo "KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT" ;;
    schema-registry) echo "SCHEMA_REGISTRY_URL=http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7" ;;
  esac
}

action="${1:-}"
case "$action" in start | stop | status) ;; *) usage ;; esac
shift

# The servers asked for, in the canonical order, each once.
wanted=()
if (($# == 0)); then
  wanted=("${ORDER[@]}")
else
  declare -A asked=()
  for name in "$@"; do
    case "$name" in
      redis | clickhouse | kafka | schema-registry) asked[$name]=1 ;;
      apicurio | schema_registry | registry) asked[schema-registry]=1 ;;
      *) echo "$0: unknown server '$name' (known: ${ORDER[*]})" >&2; usage ;;
    esac
  done
  for name in "${ORDER[@]}"; do [[ -n "${asked[$name]:-}" ]] && wanted+=("$name"); done
fi
if [[ "$action" == stop ]]; then
  reversed=()
  for ((i = ${#wanted[@]} - 1; i >= 0; i--)); do reversed+=("${wanted[i]}"); done
  wanted=("${reversed[@]}")
fi

failed=()
up=()
t0=$SECONDS
for name in "${wanted[@]}"; do
  script="$(script_for "$name")"
  if [[ ! -f "$script" ]]; then
    if [[ "$action" == status ]]; then
      echo "$name: down ($script does not exist yet)"
    else
      log "ERROR: $name: $script does not exist yet, cannot $action $name"
    fi
    failed+=("$name")
    continue
  fi
  rc=0
  bash "$script" "$action" || rc=$?
  if ((rc == 0)); then
    up+=("$name")
  else
    [[ "$action" == status ]] || log "ERROR: $name: '$script $action' failed (exit $rc)"
    failed+=("$name")
  fi
done

if [[ "$action" == start ]]; then
  for name in "${up[@]}"; do env_for "$name"; done
  if ((${#failed[@]})); then
    log "started ${up[*]:-nothing}; FAILED: ${failed[*]}"
  else
    log "all started in $((SECONDS - t0))s: ${up[*]}"
  fi
elif [[ "$action" == stop && ${#failed[@]} -gt 0 ]]; then
  log "FAILED to stop: ${failed[*]}"
fi
((${#failed[@]} == 0))
