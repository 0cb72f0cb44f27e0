#!/usr/bin/env bash
# Local Apicurio Registry 3.x, serving the Confluent-compatible API that Confluent clients use:
#   http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7
# Usage: infra/local/apicurio.sh {start|stop|status}
#
# The registry is Apicurio's own Quarkus distribution from Maven Central, fetched and unpacked by
# infra/local/apicurio/pom.xml into $MLOPS_CACHE_DIR/apicurio-<version>/ (once; later starts reuse it).
# It needs a JDK >= 21 (the app is compiled for 21): $APICURIO_JAVA_HOME, else $JAVA_HOME, else the
# `java` on PATH, else the newest JDK under /usr/lib/jvm, whichever is first to be >= 21.
# Storage: SQL storage on an H2 file database under $MLOPS_RUN_DIR/apicurio/data, so schema ids
# survive restarts (Kafka keeps messages encoded with them). No auth, no UI, no external services.
#
# Knobs (environment): APICURIO_VERSION, APICURIO_JAVA_HOME, APICURIO_HEAP (512m),
# APICURIO_START_TIMEOUT (180 s), APICURIO_MANAGEMENT_PORT (0 = any free port; health/metrics),
# APICURIO_GLOBAL_COMPATIBILITY (BACKWARD, the Confluent default; NONE to disable the default rule),
# APICURIO_JVM_DIR (/usr/lib/jvm: where JDKs are looked for).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

SERVER="apicurio-registry"
APICURIO_VERSION="${APICURIO_VERSION:-3.3.3}"
APICURIO_MIN_JAVA=21
APICURIO_HEAP="${APICURIO_HEAP:-512m}"
APICURIO_START_TIMEOUT="${APICURIO_START_TIMEOUT:-180}"
APICURIO_MANAGEMENT_PORT="${APICURIO_MANAGEMENT_PORT:-0}"
APICURIO_GLOBAL_COMPATIBILITY="${APICURIO_GLOBAL_COMPATIBILITY:-BACKWARD}"
APICURIO_JVM_DIR="${APICURIO_JVM_DIR:-/usr/lib/jvm}"

APICURIO_POM="$MLOPS_ROOT/infra/local/apicurio/pom.xml"
APICURIO_HOME="$MLOPS_CACHE_DIR/apicurio-$APICURIO_VERSION"
APICURIO_JAR="$APICURIO_HOME/quarkus-app/quarkus-run.jar"
APICURIO_RUN="$MLOPS_RUN_DIR/apicurio"
LOG="$APICURIO_RUN/registry.log"
PIDFILE="$APICURIO_RUN/registry.pid"
CCOMPAT_URL="http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7"

# ccompat_up: the Confluent-compatible API answers 200 on /subjects.
ccompat_up() {
  local code
  code="$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$CCOMPAT_URL/subjects" 2>/dev/null)" || true
  [[ "$code" == 200 ]]
}

# first_error: the first ERROR line of the log and the root cause (last "Caused by:"), if any.
first_error() {
  local err cause
  err="$(grep -m1 -E '^[0-9-]+ [0-9:,]+ ERROR ' "$LOG" 2>/dev/null | cut -c1-300)" || true
  cause="$(grep -E '^Caused by: ' "$LOG" 2>/dev/null | tail -n1 | cut -c1-300)" || true
  printf '%s%s' "$err" "${cause:+ [root cause: ${cause#Caused by: }]}"
}

# our_pid_alive: the pid file names a live process that is our registry (not a recycled pid).
our_pid_alive() {
  pid_alive "$PIDFILE" || return 1
  tr '\0' ' ' <"/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -q -- "$APICURIO_JAR"
}

# java_major BIN: prints the feature version of a java binary (8, 17, 21, 25...), or fails.
java_major() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java\.specification\.version/ {print $2; exit}')"
  [[ -n "$v" ]] || return 1
  v="${v#1.}"
  printf '%s\n' "${v%%.*}"
}

# find_java: prints the path of a java binary >= APICURIO_MIN_JAVA, or dies.
find_java() {
  local candidates=() bin major best="" best_major=0 seen=""
  [[ -n "${APICURIO_JAVA_HOME:-}" ]] && candidates+=("$APICURIO_JAVA_HOME/bin/java")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for bin in "${candidates[@]}"; do
    [[ -x "$bin" ]] || continue
    major="$(java_major "$bin")" || continue
    if ((major >= APICURIO_MIN_JAVA)); then printf '%s\n' "$bin"; return 0; fi
    seen+=" $bin($major)"
  done
  for bin in "$APICURIO_JVM_DIR"/*/bin/java; do
    [[ -x "$bin" ]] || continue
    major="$(java_major "$bin")" || continue
    seen+=" $bin($major)"
    if ((major >= APICURIO_MIN_JAVA && major > best_major)); then best="$bin"; best_major="$major"; fi
  done
  [[ -n "$best" ]] && { printf '%s\n' "$best"; return 0; }
  die "$SERVER" "" "needs a JDK >= $APICURIO_MIN_JAVA (Apicurio $APICURIO_VERSION is compiled for Java 21);" \
    "none found via APICURIO_JAVA_HOME, JAVA_HOME, PATH or $APICURIO_JVM_DIR (found:${seen:- nothing})." \
    "Install one (e.g. a Temurin 21/25 JDK under /usr/lib/jvm) or set APICURIO_JAVA_HOME."
}

# build: fetch and unpack the distribution once into $APICURIO_HOME (atomically, via a temp dir).
build() {
  [[ -f "$APICURIO_JAR" ]] && return 0
  command -v mvn >/dev/null 2>&1 || die "$SERVER" "" "Maven (mvn) is needed once to fetch Apicurio $APICURIO_VERSION from Maven Central"
  local tmp="$APICURIO_HOME.tmp.$$" buildlog="$APICURIO_RUN/build.log" t0=$SECONDS
  log "$SERVER: fetching Apicurio Registry $APICURIO_VERSION from Maven Central into $APICURIO_HOME (once)"
  mkdir -p "$MLOPS_CACHE_DIR"
  rm -rf "$tmp"
  if ! mvn -B -q -f "$APICURIO_POM" package -Dapicurio.version="$APICURIO_VERSION" -Dapicurio.home="$tmp" >"$buildlog" 2>&1; then
    rm -rf "$tmp"
    die "$SERVER" "$buildlog" "Maven build of the Apicurio distribution failed"
  fi
  [[ -f "$tmp/quarkus-app/quarkus-run.jar" ]] || { rm -rf "$tmp"; die "$SERVER" "$buildlog" "build produced no quarkus-run.jar"; }
  rm -rf "$tmp/build" "$APICURIO_HOME"
  mv "$tmp" "$APICURIO_HOME"
  log "$SERVER: distribution ready in $((SECONDS - t0))s"
}

start() {
  command -v curl >/dev/null 2>&1 || die "$SERVER" "" "curl is needed to check readiness (apt-get install curl)"
  mkdir -p "$APICURIO_RUN"
  # Serialize concurrent starts (two test runs racing) when flock is available.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$APICURIO_RUN/start.lock"
    flock -w "$APICURIO_START_TIMEOUT" 9 || die "$SERVER" "" "another start is still holding $APICURIO_RUN/start.lock"
  fi
  if ccompat_up; then
    log "$SERVER: already answering at $CCOMPAT_URL"
    return 0
  fi
  if port_open "$SCHEMA_REGISTRY_PORT" && ! our_pid_alive; then
    die "$SERVER" "" "port $SCHEMA_REGISTRY_PORT is taken by something that is not a schema registry ($CCOMPAT_URL/subjects does not answer 200)"
  fi

  if ! our_pid_alive; then
    rm -f "$PIDFILE"
    build
    local java; java="$(find_java)"
    mkdir -p "$APICURIO_RUN/data" "$APICURIO_RUN/tmp"
    [[ -f "$LOG" ]] && mv -f "$LOG" "$LOG.1"
    local jvm_opts=(
      "-Xmx$APICURIO_HEAP" -XX:+UseSerialGC -XX:MaxMetaspaceSize=256m
      -Djava.io.tmpdir="$APICURIO_RUN/tmp"
      -Dquarkus.http.host=127.0.0.1
      -Dquarkus.http.port="$SCHEMA_REGISTRY_PORT"
      -Dquarkus.management.host=127.0.0.1
      -Dquarkus.management.port="$APICURIO_MANAGEMENT_PORT"
      '-Dquarkus.log.console.format=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{2.}] (%t) %s%e%n'
      -Dapicurio.storage.kind=sql
      -Dapicurio.storage.sql.kind=h2
      "-Dapicurio.datasource.url=jdbc:h2:file:$APICURIO_RUN/data/registry;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
      -Dapicurio.datasource.jdbc.initial-size=2
      -Dapicurio.datasource.jdbc.min-size=2
      -Dapicurio.datasource.jdbc.max-size=20
      -Dapicurio.storage.snapshot.location="$APICURIO_RUN/tmp"
      -Dapicurio.import.work-dir="$APICURIO_RUN/tmp"
      -Dapicurio.rules.global.compatibility="$APICURIO_GLOBAL_COMPATIBILITY"
    )
    log "$SERVER: starting $APICURIO_VERSION on port $SCHEMA_REGISTRY_PORT with $java (log: $LOG)"
    {
      printf '# %s: %s %s -jar %s\n' "$(date -Is)" "$java" "${jvm_opts[*]}" "$APICURIO_JAR"
    } >"$LOG"
    (cd "$APICURIO_RUN" && exec setsid nohup "$java" "${jvm_opts[@]}" -jar "$APICURIO_JAR" >>"$LOG" 2>&1 </dev/null 9>&-) &
    echo $! >"$PIDFILE"
  else
    log "$SERVER: already starting (pid $(cat "$PIDFILE")), waiting for it"
  fi

  local t0=$SECONDS deadline=$((SECONDS + APICURIO_START_TIMEOUT))
  until ccompat_up; do
    if ! our_pid_alive; then
      rm -f "$PIDFILE"
      local cause; cause="$(first_error)"
      die "$SERVER" "$LOG" "exited during startup${cause:+; first error: $cause}"
    fi
    if ((SECONDS >= deadline)); then
      stop_pid "$SERVER" "$PIDFILE"
      die "$SERVER" "$LOG" "not ready after ${APICURIO_START_TIMEOUT}s (APICURIO_START_TIMEOUT); stopped it"
    fi
    sleep 0.5
  done
  log "$SERVER: ready at $CCOMPAT_URL (pid $(cat "$PIDFILE"), $((SECONDS - t0))s)"
}

stop() {
  if [[ -f "$PIDFILE" ]] && ! our_pid_alive; then
    log "$SERVER: stale pid file (process gone or not ours), removing it"
    rm -f "$PIDFILE"
  fi
  stop_pid "$SERVER" "$PIDFILE"
}

status() {
  if ccompat_up; then
    if our_pid_alive; then
      echo "$SERVER: up at $CCOMPAT_URL (pid $(cat "$PIDFILE"))"
    else
      echo "$SERVER: up at $CCOMPAT_URL (not started by this checkout)"
    fi
    return 0
  fi
  if our_pid_alive; then
    echo "$SERVER: down (pid $(cat "$PIDFILE") alive but $CCOMPAT_URL/subjects does not answer 200; see $LOG)"
  else
    echo "$SERVER: down"
  fi
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 {start|stop|status}" >&2; exit 2 ;;
esac
