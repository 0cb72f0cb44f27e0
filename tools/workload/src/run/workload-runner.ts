import { performance } from 'node:perf_hooks';
import { sleep as realSleep } from '@mlops/util';
import type { WorkloadGenerator, WorkloadEvent } from '../simulation/generator';
import type { EventSink } from '../sinks/event-sink';
import type { ProgressSnapshot } from './format';
import { RunStats } from './run-stats';
import type { RunOutcome } from './summary';
import { TokenBucket } from './token-bucket';

export interface RunnerOptions {
  /** Target rate of all events, transactions and labels. (events/s) */
  readonly rate: number;
  /** Most events handed to the sink in one write. @default 1000 */
  readonly maxChunk?: number;
  /** Called every `progressIntervalMs` while running. */
  readonly onProgress?: (snapshot: ProgressSnapshot) => void;
  /** @default 1000 (ms) */
  readonly progressIntervalMs?: number;
  /** Monotonic clock. @default performance.now (ms) */
  readonly now?: () => number;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Shortest pause between writes: a few events per write instead of one. (ms) */
const MIN_PAUSE_MS = 10;

/**
 * Stop requests (SIGINT): the first stops new transactions and lets the pending labels drain;
 * the second stops at once. Either way what was written is flushed.
 */
export class StopControl {
  level: 'none' | 'drain' | 'now' = 'none';

  request(): void {
    this.level = this.level === 'none' ? 'drain' : 'now';
  }
}

export interface RunResult {
  readonly stats: RunStats;
  readonly realMs: number;
  readonly outcome: RunOutcome;
  readonly error?: unknown;
}

/** Pulls events from the generator at the target rate (token bucket, never faster) into the sink, then flushes it. */
export async function runWorkload(
  generator: WorkloadGenerator,
  sink: EventSink,
  options: RunnerOptions,
  stop = new StopControl(),
): Promise<RunResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const stats = new RunStats(generator.timeline);
  const snapshot = (): ProgressSnapshot => ({
    elapsedMs: now() - started,
    delivered: sink.stats.delivered,
    transactions: stats.transactions,
    frauds: stats.frauds,
    labels: stats.labels,
    retries: sink.stats.retries,
    simTime: generator.simTime,
    phase: generator.phase.label,
  });
  const onProgress = options.onProgress;
  const ticker = onProgress ? setInterval(() => onProgress(snapshot()), options.progressIntervalMs ?? 1_000) : undefined;
  try {
    await pump(generator, sink, stats, stop, { ...options, now });
    await sink.flush();
    return { stats, realMs: now() - started, outcome: stop.level === 'none' ? 'completed' : 'interrupted' };
  } catch (error) {
    return { stats, realMs: now() - started, outcome: 'failed', error };
  } finally {
    if (ticker) clearInterval(ticker);
  }
}

/** Moves events from the generator to the sink as tokens allow, until it runs dry or a stop says so. */
async function pump(
  generator: WorkloadGenerator,
  sink: EventSink,
  stats: RunStats,
  stop: StopControl,
  options: RunnerOptions & { now: () => number },
): Promise<void> {
  const { now } = options;
  const sleep = options.sleep ?? realSleep;
  const bucket = new TokenBucket(options.rate, Math.max(1, options.rate * 0.05), now());
  let exhausted = false;
  while (!exhausted && stop.level !== 'now') {
    if (stop.level === 'drain') generator.stopTransactions();
    const wanted = bucket.take(now(), options.maxChunk ?? 1_000);
    if (wanted === 0) {
      await sleep(Math.max(MIN_PAUSE_MS, bucket.msUntilNext(now())));
      continue;
    }
    const chunk = take(generator, wanted);
    chunk.forEach((event) => stats.record(event));
    exhausted = chunk.length < wanted;
    if (chunk.length > 0) await sink.write(chunk);
  }
}

function take(generator: Iterator<WorkloadEvent>, n: number): WorkloadEvent[] {
  const events: WorkloadEvent[] = [];
  while (events.length < n) {
    const next = generator.next();
    if (next.done) break;
    events.push(next.value);
  }
  return events;
}
