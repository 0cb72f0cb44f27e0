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


# Waits until stream-inference serves the given champion version (at most 60 s).
wait_champion() {
  local deadline=$((SECONDS + 60))
  until curl -s -m 2 http://127.0.0.1:3004/v1/inference/status | node -e '
    let t = ""; process.stdin.on("data", (c) => (t += c)).on("end", () => {
      const m = JSON.parse(t).models.card_fraud;
      process.exit(m.champion && m.champion.version === process.argv[1] ? 0 : 1);
    });' "$1"; do
    if ((SECONDS > deadline)); then echo "stream-inference did not load version $1; see $RUN/stream-inference.log" >&2; return 1; fi
    sleep 0.5
  done
}

# Trains card_fraud on every labelled payment in ClickHouse, registers it and points an alias at it;
# prints the version (the newest one: the demo is the registry's only writer).
train_and_promote() {
  local out="$1" alias="$2"
  node -r @swc-node/register tools/trainer/src/cli.ts --out "$out" --register http://127.0.0.1:3004 --promote "$alias" >&2
  curl -s http://127.0.0.1:3004/v1/models/card_fraud | node -e '
      let t = ""; process.stdin.on("data", (c) => (t += c)).on("end", () => { const v = JSON.parse(t).versions; console.log(v[v.length - 1]); });'
}

# The generator, over HTTP through ingest: payments with drift, starting at simulated time $2.
stream_payments() {
  node -r @swc-node/register tools/workload/src/cli.ts --target http --url http://127.0.0.1:3001 --run-id "$1" --start "$2" --seed "$(date +%s)" \
    --rate "${DEMO_RATE:-300}" --duration "$3" --drift covariate@0.4,new-categories@0.6,concept@0.8
}

# The prediction log catches up with the run (at most 60 s).
wait_logged() {
  local previous=-1 current deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    current="$(clickhouse_query "SELECT count() FROM ${CLICKHOUSE_DATABASE:-mlops}.predictions WHERE event_id LIKE '$1-%'")"
    [[ "$current" == "$previous" && "$current" != 0 ]] && return 0
    previous="$current"
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
    stream_payments "$run_id" "$start" "${DEMO_SECONDS:-20}"
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
    say "model: train card_fraud on the labelled payments in ClickHouse, register it, promote it to champion"
    first="$(train_and_promote ".run/training/$run_id-first" champion)"
    wait_champion "$first"
    say "scoring: ${DEMO_SCORE_SECONDS:-10} s more payments, each scored in the stream by card_fraud v$first"
    # The generator's clock runs an hour per second: this phase starts after the first one ended.
    later="$(date -u -d "-1 day +$((${DEMO_SECONDS:-20} + 1)) hours" +%Y-%m-%dT%H:00:00Z)"
    stream_payments "$run_id-s" "$later" "${DEMO_SCORE_SECONDS:-10}"
    sleep 2
    say "predictions consumed from Kafka (npm run predictions:tail)"
    node -r @swc-node/register scripts/tail-predictions.ts --count 5
    say "online: POST /v1/predict for ${user} with the payment being decided"
    curl -s http://127.0.0.1:3004/v1/predict -H 'content-type: application/json' \
      -d "{\"entity\":{\"user\":\"${user}\"},\"request\":{\"amount\":950,\"channel\":\"online\",\"card_present\":false}}" | node -e '
      let t = ""; process.stdin.on("data", (c) => (t += c)).on("end", () => {
        const b = JSON.parse(t);
        if (b.error) { console.log(`${b.error}: ${b.message}`); return; }
        console.log(`card_fraud v${b.version} (${b.variant}): score ${b.score.toFixed(4)}, threshold ${b.threshold} → ${b.positive ? "FLAG" : "pass"}, ${b.latency_ms.toFixed(2)} ms; from the request: ${b.computed_from_request.join(", ")}`);
      });'
    say "retrain and promote the new version, no restart: stream-inference swaps it in between batches"
    second="$(train_and_promote ".run/training/$run_id-second" champion)"
    wait_champion "$second"
    curl -s http://127.0.0.1:3004/v1/inference/status | node -e '
      let t = ""; process.stdin.on("data", (c) => (t += c)).on("end", () => {
        const s = JSON.parse(t); const swap = s.swaps[s.swaps.length - 1]; const m = s.models.card_fraud;
        console.log(`champion v${m.champion.version} loaded in ${m.champion.load_ms} ms (golden examples checked, warmed up); event → in place ${swap.swapMs} ms`);
      });'
    even_later="$(date -u -d "-1 day +$((${DEMO_SECONDS:-20} + ${DEMO_SCORE_SECONDS:-10} + 2)) hours" +%Y-%m-%dT%H:00:00Z)"
    stream_payments "$run_id-t" "$even_later" 5
    say "prediction log in ClickHouse: every prediction of this run by version"
    wait_logged "$run_id"
    clickhouse_query "SELECT model_version AS version, variant, source, count() AS predictions, round(quantile(0.5)(latency_ms), 2) AS p50_ms, round(quantile(0.99)(latency_ms), 2) AS p99_ms, round(avg(score), 4) AS mean_score FROM ${local_db}.predictions FINAL WHERE event_id LIKE '${run_id}-%' OR source = 'request' AND predicted_at_ms > (toUInt64(now()) - 600) * 1000 GROUP BY model_version, variant, source ORDER BY model_version, variant, source FORMAT PrettyCompactMonoBlock"
    curl -s http://127.0.0.1:3004/v1/inference/status | node -e '
      let t = ""; process.stdin.on("data", (c) => (t += c)).on("end", () => {
        const l = JSON.parse(t).prediction_log;
        console.log(`prediction log since stream-inference started: ${l.written} rows written, ${l.dead_lettered} dead-lettered, ${l.dropped} dropped`);
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
