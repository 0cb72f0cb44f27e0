#!/usr/bin/env bash
# Shared helpers for the local server scripts. Sourced, never run.
# Layout: downloads and builds under $MLOPS_CACHE_DIR (git-ignored, kept between starts),
# data, logs and pid files under $MLOPS_RUN_DIR/<server>/.
set -euo pipefail

MLOPS_ROOT="${MLOPS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
MLOPS_CACHE_DIR="${MLOPS_CACHE_DIR:-$MLOPS_ROOT/.cache}"
MLOPS_RUN_DIR="${MLOPS_RUN_DIR:-$MLOPS_ROOT/.run}"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
SCHEMA_REGISTRY_PORT="${SCHEMA_REGISTRY_PORT:-8081}"
CLICKHOUSE_HTTP_PORT="${CLICKHOUSE_HTTP_PORT:-8123}"
CLICKHOUSE_TCP_PORT="${CLICKHOUSE_TCP_PORT:-9000}"
REDIS_PORT="${REDIS_PORT:-6379}"

log() { printf '[infra] %s\n' "$*" >&2; }

# die SERVER LOGFILE MESSAGE: a clear error naming the server and where to look.
die() {
  local server="$1" logfile="$2"; shift 2
  printf '[infra] ERROR: %s: %s\n' "$server" "$*" >&2
  if [[ -n "$logfile" && -f "$logfile" ]]; then
    printf '[infra] last lines of %s:\n' "$logfile" >&2
    tail -n 30 "$logfile" >&2 || true
  fi
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for SERVER LOGFILE TIMEOUT_S CMD...: polls CMD until it succeeds or the timeout passes.
wait_for() {
  local server="$1" logfile="$2" timeout="$3"; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      die "$server" "$logfile" "not ready after ${timeout}s"
    fi
    sleep 0.5
  done
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid SERVER PIDFILE: SIGTERM, wait up to 30 s, then SIGKILL.
stop_pid() {
  local server="$1" pidfile="$2"
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; log "$server: not running"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "$server: still up after 30s, killing"; kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"
  log "$server: stopped"
}

# apt_install PKG...: installs the Debian packages among PKG that are missing (apt-get update first).
# Waits for a dpkg lock held by another install instead of failing.
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  log "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# listener_pid PORT: prints the pid of the process listening on 127.0.0.1:PORT (empty if unknown).
listener_pid() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true
}
