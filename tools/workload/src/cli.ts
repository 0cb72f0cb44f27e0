// The workload generator: `npm run workload -- --help`.
import { createLogger } from '@mlops/observability';
import { describeError } from '@mlops/util';
import { parseArgsOrExplain } from '@mlops/config';
import { parseCliArgs, usage, type CliOptions } from './cli-options';
import { formatProgress, formatSummary, type ProgressSnapshot } from './run/format';
import { buildSummary } from './run/summary';
import { runWorkload, StopControl, type RunResult } from './run/workload-runner';
import { WorkloadGenerator } from './simulation/generator';
import type { EventSink } from './sinks/event-sink';
import { HttpSink } from './sinks/http-sink';
import { KafkaSink } from './sinks/kafka-sink';
import { loadWorkloadKafkaConfig } from './workload.config';

async function openSink(options: CliOptions): Promise<{ sink: EventSink; target: string }> {
  switch (options.target) {
    case 'kafka': {
      const config = loadWorkloadKafkaConfig();
      // Logs go to stderr: stdout carries the summary, possibly as JSON.
      const logger = createLogger('workload', 'warn', process.stderr);
      const sink = await KafkaSink.connect(config, logger, {
        topicNamespace: options.topicNamespace ?? config.topicNamespace,
        ensureTopics: options.ensureTopics,
      });
      return { sink, target: `kafka ${sink.topics.transactions}, ${sink.topics.labels}` };
    }
    case 'http': {
      const sink = new HttpSink({ url: options.url, batchSize: options.httpBatch, apiKey: options.apiKey });
      return { sink, target: `http ${options.url}` };
    }
  }
}

function progressPrinter(options: CliOptions): ((snapshot: ProgressSnapshot) => void) | undefined {
  if (options.quiet) return undefined;
  let previous: ProgressSnapshot | undefined;
  return (snapshot) => {
    process.stderr.write(`${formatProgress(snapshot, previous)}\n`);
    previous = snapshot;
  };
}

async function run(options: CliOptions): Promise<number> {
  const generator = new WorkloadGenerator({
    runId: options.runId,
    seed: options.seed,
    transactions: options.transactions,
    startMs: options.startMs,
    meanGapMs: (options.simSpeed / options.rate) * 1_000,
    users: options.users,
    merchants: options.merchants,
    fraudRate: options.fraudRate,
    drift: options.drift,
  });
  const { sink, target } = await openSink(options);
  const stop = new StopControl();
  const onSigint = (): void => {
    stop.request();
    process.stderr.write(
      stop.level === 'drain' ? '\nstopping: sending the pending labels (Ctrl-C again to stop now)\n' : '\nstopping now\n',
    );
  };
  process.on('SIGINT', onSigint);
  let result: RunResult;
  try {
    result = await runWorkload(generator, sink, { rate: options.rate, onProgress: progressPrinter(options) }, stop);
  } finally {
    process.off('SIGINT', onSigint);
  }
  const closeError = await sink.close().then(
    () => undefined,
    (error: unknown) => error,
  );
  const error = result.error ?? closeError;
  const summary = buildSummary({
    runId: options.runId,
    seed: options.seed,
    target,
    outcome: error !== undefined ? 'failed' : result.outcome,
    ...(error === undefined ? {} : { error: describeError(error) }),
    stats: result.stats,
    sink: sink.stats,
    realMs: result.realMs,
    targetRate: options.rate,
    schedule: generator.timeline.schedule,
  });
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(summary)}\n`);
  return summary.outcome === 'failed' ? 1 : summary.outcome === 'interrupted' ? 130 : 0;
}

async function main(): Promise<number> {
  const options = parseArgsOrExplain(() => parseCliArgs(process.argv.slice(2), new Date()), usage);
  if (options === undefined) return 2;
  if (options.help) {
    process.stdout.write(usage);
    return 0;
  }
  return run(options);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`workload failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);
