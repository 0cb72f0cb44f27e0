#!/usr/bin/env bash
# Local Redis on 127.0.0.1:$REDIS_PORT, no Docker.
# Usage: infra/local/redis.sh {start|stop|status}
#
# If something already answers PING there (e.g. the machine's own redis-server service), it is used as is.
# Otherwise Debian's redis-server (installed if missing) is started daemonized with its data, log and
# pid file under $MLOPS_RUN_DIR/redis/. `stop` only stops a Redis that this script started.
#
# Knobs (environment): REDIS_START_TIMEOUT (20 s).
set -euo pipefail
# shellcheck source=infra/local/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

SERVER="redis"
REDIS_START_TIMEOUT="${REDIS_START_TIMEOUT:-20}"

REDIS_RUN="$MLOPS_RUN_DIR/redis"
DATA="$REDIS_RUN/data"
LOG="$REDIS_RUN/redis.log"
PIDFILE="$REDIS_RUN/redis.pid"
ADDR="127.0.0.1:$REDIS_PORT"

# redis_ping: a Redis server answers PING with +PONG (spoken from bash: works before redis-tools is installed).
redis_ping() {
  local reply
  reply="$(
    exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" || exit 1
    printf 'PING\r\n' >&3
    timeout 2 head -c 7 <&3
  )" || return 1
  [[ "$reply" == $'+PONG\r' ]]
}

# our_pid_alive: the pid file names a live redis-server (the one this script started).
our_pid_alive() {
  pid_alive "$PIDFILE" || return 1
  tr '\0' ' ' <"/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -q -- 'redis-server'
}

start() {
  mkdir -p "$REDIS_RUN"
  exec 9>"$REDIS_RUN/start.lock"
  flock -w "$((REDIS_START_TIMEOUT + 600))" 9 || die "$SERVER" "" "another start is still holding $REDIS_RUN/start.lock"

  if redis_ping; then
    if our_pid_alive; then
      log "$SERVER: already running at $ADDR (pid $(cat "$PIDFILE"))"
    else
      log "$SERVER: using the Redis already answering at $ADDR (pid $(listener_pid "$REDIS_PORT"), not started by this script; stop leaves it alone)"
    fi
    return 0
  fi
  if port_open "$REDIS_PORT"; then
    die "$SERVER" "" "port $REDIS_PORT is taken by something that does not answer PING with PONG (pid $(listener_pid "$REDIS_PORT"); a Redis that needs a password?); set REDIS_PORT"
  fi

  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  # The Debian package starts its own service on 6379 where it can; if that now answers, use it.
  if redis_ping; then
    log "$SERVER: using the Redis that answers at $ADDR after installing redis-server (the system service; not started by this script)"
    return 0
  fi

  mkdir -p "$DATA"
  rm -f "$PIDFILE"
  log "$SERVER: starting redis-server on $ADDR (log: $LOG)"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes \
    --daemonize yes --pidfile "$PIDFILE" --logfile "$LOG" --dir "$DATA" \
    --save 60 1000 --appendonly no 9>&- </dev/null >"$REDIS_RUN/redis.out" 2>&1 \
    || die "$SERVER" "$REDIS_RUN/redis.out" "redis-server failed to start"

  local t0=$SECONDS
  wait_for "$SERVER" "$LOG" "$REDIS_START_TIMEOUT" redis_ping
  log "$SERVER: ready at $ADDR (pid $(cat "$PIDFILE" 2>/dev/null || echo '?'), $((SECONDS - t0))s)"
}

stop() {
  if our_pid_alive; then
    stop_pid "$SERVER" "$PIDFILE"
    return 0
  fi
  rm -f "$PIDFILE"
  if redis_ping; then
    log "$SERVER: the Redis at $ADDR was not started by this script; leaving it running"
  else
    log "$SERVER: not running"
  fi
}

status() {
  if redis_ping; then
    if our_pid_alive; then
      echo "$SERVER: up at $ADDR (pid $(cat "$PIDFILE"), log $LOG)"
    else
      echo "$SERVER: up at $ADDR (pid $(listener_pid "$REDIS_PORT"), not started by this script)"
    fi
    return 0
  fi
  echo "$SERVER: down at $ADDR (log $LOG)"
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 {start|stop|status}" >&2; exit 2 ;;
esac
