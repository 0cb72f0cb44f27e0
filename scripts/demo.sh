#!/usr/bin/env bash
# The platform's main job, locally: real Kafka, schema registry, Redis and ClickHouse, the six
# services, and a health report. Installs what it needs on first run.
# Usage: npm run demo [-- up|down|status]     (default: up)
# Services log JSON to .run/services/<name>.log; they keep running until `npm run demo -- down`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"

SERVICES=(ingest:3001 feature-transform:3002 feature-store:3003 stream-inference:3004 drift-detector:3005 retrain-trigger:3006)
RUN="${MLOPS_RUN_DIR:-$ROOT/.run}/services"
mkdir -p "$RUN"

service_pid() { [[ -f "$RUN/$1.pid" ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null && cat "$RUN/$1.pid"; }

start_service() {
  local name="$1" port="$2"
  if service_pid "$name" >/dev/null; then return 0; fi
  PORT="$port" setsid nohup node -r @swc-node/register "apps/$name/src/main.ts" >"$RUN/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
}

stop_services() {
  local entry name pid
  for entry in "${SERVICES[@]}"; do
    name="${entry%%:*}"
    if pid="$(service_pid "$name")"; then
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      echo "stopped $name"
    fi
    rm -f "$RUN/$name.pid"
  done
}

# Prints one line per service from /health/ready; non-zero when one is not ready.
report() {
  local entry name port body all_ok=0
  printf '%-18s %-6s %-10s %s\n' SERVICE PORT STATUS CHECKS
  for entry in "${SERVICES[@]}"; do
    name="${entry%%:*}" port="${entry##*:}"
    body="$(curl -s -m 3 "http://127.0.0.1:$port/health/ready" || true)"
    if [[ -z "$body" ]]; then
      printf '%-18s %-6s %-10s %s\n' "$name" "$port" down "(no answer; see $RUN/$name.log)"
      all_ok=1
      continue
    fi
    node -e '
      const b = JSON.parse(process.argv[1]);
      const checks = Object.entries(b.checks).map(([k, v]) => `${k}=${v.status}(${v.latency_ms}ms)`).join(" ");
      console.log(`${process.argv[2].padEnd(18)} ${process.argv[3].padEnd(6)} ${b.status.padEnd(10)} ${checks}`);
      process.exit(b.status === "ready" ? 0 : 1);
    ' "$body" "$name" "$port" || all_ok=1
  done
  return $all_ok
}

wait_ready() {
  local deadline=$((SECONDS + 90)) entry port
  for entry in "${SERVICES[@]}"; do
    port="${entry##*:}"
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 "http://127.0.0.1:$port/health/ready" || true)" == 200 ]]; do
      if ((SECONDS > deadline)); then return 1; fi
      sleep 0.5
    done
  done
}

clickhouse_query() { curl -sS --fail-with-body "${CLICKHOUSE_URL}/" --data-binary "$1"; }

# Consumers write in batches; wait until the tables' counts stop moving (at most 60 s).
wait_archived() {
  local previous=-1 current deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    current="$(clickhouse_query "SELECT (SELECT count() FROM ${CLICKHOUSE_DATABASE:-mlops}.events) + (SELECT count() FROM ${CLICKHOUSE_DATABASE:-mlops}.feature_log)")"
    [[ "$current" == "$previous" ]] && return 0
    previous="$current"
    sleep 2
  done
}

# feature-transform and feature-store catch up with the run (at most 90 s).
wait_for_vectors() {
  local deadline=$((SECONDS + 90)) want have
  want="$(clickhouse_query "SELECT count() FROM ${CLICKHOUSE_DATABASE:-mlops}.transactions FINAL WHERE event_id LIKE '$1-%'")"
  while ((SECONDS < deadline)); do
    have="$(clickhouse_query "SELECT count() FROM ${CLICKHOUSE_DATABASE:-mlops}.feature_log FINAL WHERE view = 'user_transactions' AND event_id LIKE '$1-%'")"
    ((have >= want)) && return 0
    sleep 2
  done
}

case "${1:-up}" in
  up)
    install_node_modules
    start_servers
    prepare_stores
    say "starting the six services"
    for entry in "${SERVICES[@]}"; do start_service "${entry%%:*}" "${entry##*:}"; done
    wait_ready || true
    say "health"
    report
    say "workload: card payments with drift, over HTTP through ingest (${DEMO_SECONDS:-20} s at ${DEMO_RATE:-300} events/s)"
    run_id="demo-$(date -u +%Y%m%d-%H%M%S)"
    # Simulated time starts a day ago and runs an hour per second, so the run's events are recent
    # and the store serves them as present (its TTL is checked against event time).
    start="$(date -u -d '-1 day' +%Y-%m-%dT%H:00:00Z)"
    node -r @swc-node/register tools/workload/src/cli.ts --target http --url http://127.0.0.1:3001 --run-id "$run_id" --start "$start" --seed "$(date +%s)" \
      --rate "${DEMO_RATE:-300}" --duration "${DEMO_SECONDS:-20}" --drift covariate@0.4,new-categories@0.6,concept@0.8
    say "archived in ClickHouse (${CLICKHOUSE_URL})"
    wait_archived
    local_db="${CLICKHOUSE_DATABASE:-mlops}"
    clickhouse_query "SELECT event_type, count() AS events, min(event_time) AS first, max(event_time) AS last FROM ${local_db}.events FINAL WHERE event_id LIKE '${run_id}-%' GROUP BY event_type ORDER BY event_type FORMAT PrettyCompactMonoBlock"
    clickhouse_query "SELECT merchant_category, count() AS payments, round(avg(amount), 2) AS mean_amount FROM ${local_db}.transactions FINAL WHERE event_id LIKE '${run_id}-%' GROUP BY merchant_category ORDER BY payments DESC LIMIT 8 FORMAT PrettyCompactMonoBlock"
    say "streaming features: vectors logged per view for this run"
    wait_for_vectors "$run_id"
    clickhouse_query "SELECT view, count() AS vectors, max(event_time) AS latest FROM ${local_db}.feature_log FINAL WHERE event_id LIKE '${run_id}-%' GROUP BY view ORDER BY view FORMAT PrettyCompactMonoBlock"
    user="$(clickhouse_query "SELECT user_id FROM ${local_db}.transactions FINAL WHERE event_id LIKE '${run_id}-%' ORDER BY event_time_ms DESC LIMIT 1")"
    say "online features of ${user} (GET /v1/features/user_transactions/${user})"
    curl -s "http://127.0.0.1:3003/v1/features/user_transactions/${user}?features=tx_count_1h,tx_count_24h,amount_mean_30d,distinct_merchants_24h,seconds_since_last_tx" | node -e '
      let text = ""; process.stdin.on("data", (c) => (text += c)).on("end", () => {
        const body = JSON.parse(text);
        console.log(`status ${body.status}, age ${body.age_ms} ms`);
        for (const [name, f] of Object.entries(body.features ?? {})) console.log(`  ${name.padEnd(24)} ${String(f.value).padEnd(20)} ${f.status}`);
      });'
    say "all services ready; logs in $RUN/; stop with: npm run demo -- down"
    ;;
  down)
    stop_services
    bash infra/local/servers.sh stop
    ;;
  status)
    bash infra/local/servers.sh status || true
    report
    ;;
  *)
    echo "usage: $0 [up|down|status]" >&2
    exit 2
    ;;
esac
