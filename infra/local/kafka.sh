#!/usr/bin/env bash
# Local Apache Kafka: one node in KRaft mode (broker + controller in one JVM), no Docker.
# Usage: infra/local/kafka.sh {start|stop|status}
#        infra/local/kafka.sh run CLASS [ARGS...]   runs a Kafka tool class on the same classpath, e.g.
#          infra/local/kafka.sh run org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
#
# The jars come from Maven Central: infra/local/kafka/pom.xml is resolved once with
# `mvn dependency:copy-dependencies` into $MLOPS_CACHE_DIR/kafka-<version>/libs, and kafka.Kafka is
# started with that directory as the classpath (Log4j 2 as the SLF4J binding, as in Kafka's own tarball).
# Clients: PLAINTEXT on 127.0.0.1:$KAFKA_PORT; the KRaft controller listens on 127.0.0.1:$KAFKA_CONTROLLER_PORT.
# Data, config, log and pid file: $MLOPS_RUN_DIR/kafka/ (storage is formatted once, on the first start).
# Readiness: the broker answers a Kafka ApiVersions request on $KAFKA_PORT (spoken from bash, no JVM).
#
# Knobs (environment): KAFKA_VERSION (4.3.1), KAFKA_HEAP_OPTS (-Xms256m -Xmx1g), KAFKA_JVM_OPTS,
# KAFKA_START_TIMEOUT (120 s), KAFKA_JAVA (a java >= 17; default: the one on PATH).
set -euo pipefail
# shellcheck source=infra/local/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

SERVER="kafka"
KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_MIN_JAVA=17

KAFKA_POM="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kafka/pom.xml"
KAFKA_HOME="$MLOPS_CACHE_DIR/kafka-$KAFKA_VERSION"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_RUN="$MLOPS_RUN_DIR/kafka"
DATA="$KAFKA_RUN/data"
CONF="$KAFKA_RUN/server.properties"
LOG4J="$KAFKA_RUN/log4j2.properties"
TOOLS_LOG4J="$KAFKA_RUN/tools-log4j2.properties"
LOG="$KAFKA_RUN/kafka.log"
PIDFILE="$KAFKA_RUN/kafka.pid"
ADDR="127.0.0.1:$KAFKA_PORT"

# kafka_api_ok: a Kafka broker on $KAFKA_PORT answers an ApiVersions (v0) request with error_code 0.
# Request: size=14, api_key=18, api_version=0, correlation_id=0x4d4c, client_id="mlop".
# The first 10 bytes of the answer are size(4) correlation_id(4) error_code(2).
kafka_api_ok() {
  local hex
  hex="$(
    exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT" || exit 1
    printf '\x00\x00\x00\x0e\x00\x12\x00\x00\x00\x00\x4d\x4c\x00\x04mlop' >&3
    timeout 3 head -c 10 <&3 | od -An -tx1 | tr -d ' \n'
  )" || return 1
  [[ "$hex" == ????????00004d4c0000 ]]
}

# our_pid_alive: the pid file names a live kafka.Kafka using this checkout's config (not a recycled pid).
our_pid_alive() {
  pid_alive "$PIDFILE" || return 1
  tr '\0' ' ' <"/proc/$(cat "$PIDFILE")/cmdline" 2>/dev/null | grep -q -- "kafka.Kafka $CONF"
}

ready_or_dead() { kafka_api_ok || ! our_pid_alive; }

# java_major BIN: prints the feature version of a java binary (17, 21...), or fails.
java_major() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java\.specification\.version/ {print $2; exit}')"
  [[ -n "$v" ]] || return 1
  v="${v#1.}"
  printf '%s\n' "${v%%.*}"
}

# find_java: sets JAVA to a java >= 17 (KAFKA_JAVA, JAVA_HOME, PATH, /usr/lib/jvm), installing OpenJDK 17 if none.
find_java() {
  local bin major candidates=()
  [[ -n "${KAFKA_JAVA:-}" ]] && candidates+=("$KAFKA_JAVA")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for _ in 1 2; do
    for bin in "${candidates[@]}" /usr/lib/jvm/*/bin/java; do
      [[ -x "$bin" ]] || continue
      major="$(java_major "$bin")" || continue
      if ((major >= KAFKA_MIN_JAVA)); then JAVA="$bin"; return 0; fi
    done
    apt_install openjdk-17-jre-headless
  done
  die "$SERVER" "" "needs a Java >= $KAFKA_MIN_JAVA and none was found or could be installed"
}

# resolve_libs: copies Kafka's jars from Maven Central into $KAFKA_LIBS once (again when the pom changes).
resolve_libs() {
  local stamp="$KAFKA_HOME/.resolved" want
  want="$KAFKA_VERSION $(sha256sum "$KAFKA_POM" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return 0; fi
  command -v mvn >/dev/null 2>&1 || apt_install maven
  local tmp="$KAFKA_HOME/libs.tmp.$$" buildlog="$KAFKA_RUN/mvn.log" t0=$SECONDS
  log "$SERVER: resolving Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS (once)"
  mkdir -p "$KAFKA_HOME" "$KAFKA_RUN"
  rm -rf "$tmp"
  if ! mvn -B -q -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies -Dkafka.version="$KAFKA_VERSION" \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$buildlog" 2>&1; then
    rm -rf "$tmp"
    die "$SERVER" "$buildlog" "mvn could not resolve Kafka $KAFKA_VERSION from Maven Central"
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || { rm -rf "$tmp"; die "$SERVER" "$buildlog" "mvn produced no kafka_2.13-$KAFKA_VERSION.jar"; }
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  printf '%s\n' "$want" >"$stamp"
  log "$SERVER: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars ready in $((SECONDS - t0))s"
}

write_config() {
  mkdir -p "$DATA"
  cat >"$CONF" <<EOF
# Generated by infra/local/kafka.sh on every start; edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA

# A single small dev/test node.
num.network.threads=2
num.io.threads=4
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

# Keep the disk use of a long-lived dev box bounded.
log.retention.hours=24
log.retention.bytes=268435456
log.segment.bytes=67108864
log.retention.check.interval.ms=60000
EOF
  cat >"$LOG4J" <<'EOF'
# Generated by infra/local/kafka.sh: everything to stdout, which the script sends to kafka.log.
status = warn
name = kafka-local
appender.out.type = Console
appender.out.name = STDOUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
EOF
}

write_tools_log4j() {
  mkdir -p "$KAFKA_RUN"
  cat >"$TOOLS_LOG4J" <<'EOF'
# Generated by infra/local/kafka.sh: tools log warnings and errors to stderr only.
status = warn
name = kafka-tools
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
EOF
}

# format_storage: formats the KRaft log directory once; later starts reuse it (and its cluster id).
format_storage() {
  [[ -f "$DATA/meta.properties" ]] && return 0
  local idfile="$KAFKA_RUN/cluster.id" id
  if [[ ! -s "$idfile" ]]; then
    # A Kafka Uuid: 16 random bytes, URL-safe base64 without padding; never starting with '-'.
    id="-"
    while [[ "$id" == -* ]]; do id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"; done
    printf '%s\n' "$id" >"$idfile"
  fi
  id="$(cat "$idfile")"
  write_tools_log4j
  log "$SERVER: formatting KRaft storage in $DATA (cluster id $id)"
  if ! "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$TOOLS_LOG4J" -cp "$KAFKA_LIBS/*" \
    kafka.tools.StorageTool format -t "$id" -c "$CONF" --ignore-formatted >>"$LOG" 2>&1; then
    die "$SERVER" "$LOG" "formatting the storage in $DATA failed"
  fi
}

start() {
  mkdir -p "$KAFKA_RUN"
  # Serialize concurrent starts (e.g. two test runs racing); the server itself never holds this lock.
  exec 9>"$KAFKA_RUN/start.lock"
  flock -w "$((KAFKA_START_TIMEOUT + 300))" 9 || die "$SERVER" "" "another start is still holding $KAFKA_RUN/start.lock"

  if kafka_api_ok; then
    if our_pid_alive; then
      log "$SERVER: already running at $ADDR (pid $(cat "$PIDFILE"))"
    else
      log "$SERVER: already running at $ADDR (pid $(listener_pid "$KAFKA_PORT"), not started by this checkout)"
    fi
    return 0
  fi

  if our_pid_alive; then
    log "$SERVER: already starting (pid $(cat "$PIDFILE")), waiting for it"
  else
    rm -f "$PIDFILE"
    if port_open "$KAFKA_PORT"; then
      die "$SERVER" "" "port $KAFKA_PORT is taken by something that does not answer as a Kafka broker (pid $(listener_pid "$KAFKA_PORT"))"
    fi
    if port_open "$KAFKA_CONTROLLER_PORT"; then
      die "$SERVER" "" "controller port $KAFKA_CONTROLLER_PORT is taken (pid $(listener_pid "$KAFKA_CONTROLLER_PORT")); set KAFKA_CONTROLLER_PORT"
    fi
    find_java
    resolve_libs
    write_config
    [[ -f "$LOG" ]] && mv -f "$LOG" "$LOG.1"
    format_storage
    log "$SERVER: starting Kafka $KAFKA_VERSION (KRaft) on $ADDR, controller 127.0.0.1:$KAFKA_CONTROLLER_PORT (log: $LOG)"
    local -a heap jvm
    read -r -a heap <<<"$KAFKA_HEAP_OPTS"
    read -r -a jvm <<<"$KAFKA_JVM_OPTS"
    printf '# %s: %s %s %s -cp %s kafka.Kafka %s\n' "$(date -Is)" "$JAVA" "$KAFKA_HEAP_OPTS" "$KAFKA_JVM_OPTS" "$KAFKA_LIBS/*" "$CONF" >>"$LOG"
    (cd "$KAFKA_RUN" && exec setsid nohup "$JAVA" "${heap[@]}" "${jvm[@]}" -Dlog4j2.configurationFile="$LOG4J" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$CONF" >>"$LOG" 2>&1 </dev/null 9>&-) &
    echo $! >"$PIDFILE"
  fi

  local t0=$SECONDS
  wait_for "$SERVER" "$LOG" "$KAFKA_START_TIMEOUT" ready_or_dead
  if ! kafka_api_ok; then
    rm -f "$PIDFILE"
    die "$SERVER" "$LOG" "the broker exited during startup"
  fi
  log "$SERVER: ready at $ADDR (pid $(cat "$PIDFILE"), $((SECONDS - t0))s)"
}

stop() {
  if [[ -f "$PIDFILE" ]] && ! our_pid_alive; then
    log "$SERVER: stale pid file (process gone or not ours), removing it"
    rm -f "$PIDFILE"
  fi
  if [[ ! -f "$PIDFILE" ]] && kafka_api_ok; then
    log "$SERVER: the broker at $ADDR was not started by this checkout; leaving it running"
    return 0
  fi
  stop_pid "$SERVER" "$PIDFILE"
}

status() {
  if kafka_api_ok; then
    if our_pid_alive; then
      echo "$SERVER: up at $ADDR (pid $(cat "$PIDFILE"), log $LOG)"
    else
      echo "$SERVER: up at $ADDR (pid $(listener_pid "$KAFKA_PORT"), not started by this checkout)"
    fi
    return 0
  fi
  if our_pid_alive; then
    echo "$SERVER: down at $ADDR (pid $(cat "$PIDFILE") alive but not answering yet, log $LOG)"
  else
    echo "$SERVER: down at $ADDR (log $LOG)"
  fi
  return 1
}

# run CLASS [ARGS...]: a Kafka tool class on the broker's classpath, logging warnings to stderr.
run_tool() {
  (($#)) || { echo "usage: $0 run CLASS [ARGS...]" >&2; exit 2; }
  find_java
  resolve_libs
  write_tools_log4j
  exec "$JAVA" -Xmx512m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$TOOLS_LOG4J" -cp "$KAFKA_LIBS/*" "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  run) shift; run_tool "$@" ;;
  *) echo "usage: $0 {start|stop|status|run CLASS [ARGS...]}" >&2; exit 2 ;;
esac
