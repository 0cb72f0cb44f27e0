#!/usr/bin/env bash
# The whole test suite: type check, lint (zero warnings), unit specs, and integration specs
# against real Kafka, Apicurio Registry, Redis and ClickHouse, which it starts itself.
# Usage: npm test            (or: bash scripts/test.sh)
# Env:   MLOPS_STOP_SERVERS=1 stops the local servers afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"

started=$SECONDS
install_node_modules
start_servers
prepare_stores

say "type check"
npx --no-install tsc -p tsconfig.json --noEmit
say "lint"
# The module-boundary rule reads Nx's project graph and is skipped (with a mere log line) when none
# is cached, as in a fresh clone: build it first so the rule always runs.
NX_DAEMON=false npx --no-install nx show projects >/dev/null
npx --no-install eslint --max-warnings 0 .
say "format"
npx --no-install prettier --check . >/dev/null || { npx --no-install prettier --check .; exit 1; }

say "unit and integration specs"
report="$(mktemp --suffix=.json)"
trap 'rm -f "$report"' EXIT
set +e
npx --no-install jest --ci --maxWorkers=2 --json --outputFile="$report"
status=$?
set -e
if [[ "${MLOPS_STOP_SERVERS:-0}" == 1 ]]; then bash infra/local/servers.sh stop || true; fi

node -e '
  const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const byProject = {};
  for (const suite of r.testResults) {
    const project = suite.name.includes(".int-spec.") ? "integration" : "unit";
    const t = (byProject[project] ??= { passed: 0, failed: 0 });
    for (const a of suite.assertionResults) a.status === "passed" ? t.passed++ : a.status === "failed" ? t.failed++ : 0;
  }
  for (const [p, t] of Object.entries(byProject)) console.log(`  ${p}: ${t.passed} passed, ${t.failed} failed`);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$report"
say "done in $((SECONDS - started))s"
exit $status
