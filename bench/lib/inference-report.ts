import type { CpuReading } from './cpu-time';
import type { TrackedStep } from './delivery-tracker';
import type { OnnxLoopResult } from './onnx-loop';
import type { StepResult } from './open-loop';
import { fmt, markdownTable, median, quantile } from './stats';

/** The path a stream step measured: through stream-inference, or through the bare kafkajs pass-through. */
export type Path = 'service' | 'bare';

/** What one stream step measured. */
export interface StreamResult {
  readonly path: Path;
  readonly step: TrackedStep;
  /** The load generator's side: sends started, acknowledged, given up. */
  readonly run: StepResult;
  /** CPU of the processes named `service`, `bare` and `bench`, over the step and its drain. */
  readonly cpu: CpuReading;
  /** Every delivered event's latency from its scheduled send. (ms) */
  readonly latencies: number[];
  /** Acknowledged events without an output when the step ended. */
  readonly missing: number;
}

/** What the hot-swap step measured; times are `performance.now()` milliseconds. */
export interface SwapOutcome {
  readonly result: StreamResult;
  readonly fromVersion: string;
  readonly toVersion: string;
  /** Why the step ran at its rate. */
  readonly rateReason: string;
  readonly promoteAt: number;
  readonly answeredAt: number;
  /** When the first prediction of the new version was consumed (+∞: none in the step). */
  readonly firstNewAt: number;
  /** The service's own figure: lifecycle event → new routing in place (`swaps[].swapMs`). */
  readonly serviceSwapMs: number | undefined;
}

/** Sustained: every event delivered, none given up, ≥ 95 % of the offered rate achieved, p99 at most this. (ms) */
export const MAX_SUSTAINED_P99_MS = 1_000;

export const isSustained = (r: StreamResult): boolean =>
  r.missing === 0 &&
  r.run.errors === 0 &&
  r.step.achievedPerSecond() >= 0.95 * r.step.ratePerSecond &&
  quantile(r.latencies, 0.99) <= MAX_SUSTAINED_P99_MS;

/** CPU time of the path's own process per delivered event. (µs) */
export const cpuPerEvent = (r: StreamResult): number => ((r.cpu.cpuSeconds[r.path] ?? Number.NaN) / r.step.received) * 1e6;

const LABEL: Record<Path, string> = { service: 'stream-inference', bare: 'bare kafkajs pass-through' };
const ms = (values: readonly number[], q: number) => fmt(quantile(values, q));

export function onnxReport(results: readonly OnnxLoopResult[], seconds: number): string[] {
  const rows = results.map((r) => [
    String(r.rows),
    String(r.micros.length),
    fmt(median(r.micros), 1),
    fmt(quantile(r.micros, 0.99), 1),
    fmt(quantile(r.micros, 0.999), 1),
    fmt(median(r.micros) / r.rows, 2),
    fmt((r.micros.length * r.rows) / r.wallSeconds, 0),
    fmt((r.micros.length * r.rows) / r.cpuSeconds, 0),
  ]);
  const largest = results[results.length - 1];
  return [
    `**Bare ONNX loop** (one session, 1 thread, batches back to back for ${seconds} s, in the benchmark process)`,
    '',
    markdownTable(['batch rows', 'runs', 'p50 µs/run', 'p99 µs/run', 'p99.9 µs/run', 'p50 µs/row', 'rows/s', 'rows per CPU-second'], rows),
    '',
    largest === undefined
      ? 'onnx: no batch size given'
      : `onnx: one run of ${largest.rows} rows blocks the event loop for ${fmt(median(largest.micros), 0)} µs (p50), ` +
        `${fmt(quantile(largest.micros, 0.99), 0)} µs (p99); one core scores ` +
        `${fmt((largest.micros.length * largest.rows) / largest.cpuSeconds, 0)} rows per CPU-second at that batch size`,
  ];
}

export function streamReport(byRate: ReadonlyMap<number, { service: StreamResult; bare: StreamResult }>, seconds: number): string[] {
  const rows: string[][] = [];
  const ratios: string[][] = [];
  for (const [rate, r] of byRate) {
    for (const result of [r.service, r.bare]) {
      rows.push([
        LABEL[result.path],
        String(rate),
        fmt(result.step.achievedPerSecond(), 0),
        `${result.step.received}/${result.step.count}`,
        ms(result.latencies, 0.5),
        ms(result.latencies, 0.99),
        ms(result.latencies, 0.999),
        String(result.missing),
        String(result.step.duplicates),
        String(result.run.errors),
        fmt(result.cpu.cores[result.path] ?? Number.NaN),
        fmt(cpuPerEvent(result), 0),
        fmt(result.cpu.cores['bench'] ?? Number.NaN),
        fmt(result.cpu.machineBusyCores),
      ]);
    }
    ratios.push([
      String(rate),
      fmt(median(r.service.latencies) / median(r.bare.latencies)),
      fmt(quantile(r.service.latencies, 0.99) / quantile(r.bare.latencies, 0.99)),
      fmt(r.service.step.achievedPerSecond() / r.bare.step.achievedPerSecond()),
      fmt(cpuPerEvent(r.service) / cpuPerEvent(r.bare)),
    ]);
  }
  const [lowest] = byRate.values();
  const summary =
    lowest === undefined
      ? 'stream: no rate given'
      : `stream: at ${lowest.service.step.ratePerSecond} ev/s stream-inference's median is ${ms(lowest.service.latencies, 0.5)} ms against ` +
        `${ms(lowest.bare.latencies, 0.5)} ms for the bare hop (p99 ${ms(lowest.service.latencies, 0.99)} vs ` +
        `${ms(lowest.bare.latencies, 0.99)} ms), at ${fmt(cpuPerEvent(lowest.service), 0)} CPU µs per event against ` +
        `${fmt(cpuPerEvent(lowest.bare), 0)}`;
  return [
    `**Stream path**: vector produced → prediction consumed, ${seconds} s per step, latency from the scheduled send (ms), every event measured`,
    '',
    markdownTable(
      [
        'path',
        'offered ev/s',
        'achieved ev/s',
        'delivered',
        'p50 ms',
        'p99 ms',
        'p99.9 ms',
        'missing',
        'dup',
        'gen errors',
        'process cores',
        'CPU µs/ev',
        'bench cores',
        'machine busy cores',
      ],
      rows,
    ),
    '',
    'achieved: delivered events per second from the first send to the last output; process cores: CPU seconds of the',
    "path's own process (service or pass-through, every thread, /proc/<pid>/stat) per wall second over the step and its",
    'drain; CPU µs/ev: that CPU time per delivered event; gen errors: sends the load generator gave up on (more than half a',
    "second of sends awaiting the broker's ack); bench cores: this process (generator and measuring consumer).",
    '',
    'ratio stream-inference / bare pass-through',
    '',
    markdownTable(['offered ev/s', 'p50 ratio', 'p99 ratio', 'throughput ratio', 'CPU per event ratio'], ratios),
    '',
    summary,
  ];
}

export function rampReport(ramp: readonly StreamResult[], seconds: number): string[] {
  const serviceCpu = (r: StreamResult) => r.cpu.cpuSeconds['service'] ?? Number.NaN;
  const rows = ramp.map((r) => [
    String(r.step.ratePerSecond),
    fmt(r.step.achievedPerSecond(), 0),
    ms(r.latencies, 0.5),
    ms(r.latencies, 0.99),
    String(r.missing),
    String(r.run.errors),
    fmt(r.cpu.cores['service'] ?? Number.NaN),
    fmt(r.step.received / serviceCpu(r), 0),
    fmt(r.cpu.machineBusyCores),
    isSustained(r) ? 'yes' : 'no',
  ]);
  const top = ramp.filter(isSustained).sort((a, b) => b.step.ratePerSecond - a.step.ratePerSecond)[0];
  const most = [...ramp].sort((a, b) => b.step.achievedPerSecond() - a.step.achievedPerSecond())[0];
  const ceiling =
    most === undefined
      ? ''
      : `; the most any step achieved: ${fmt(most.step.achievedPerSecond(), 0)} ev/s (offered ${most.step.ratePerSecond}) at ` +
        `${fmt(most.cpu.cores['service'] ?? Number.NaN)} service cores`;
  const summary =
    (top === undefined
      ? 'highest sustained: none of the rates tried was sustained'
      : `highest sustained: ${top.step.ratePerSecond} ev/s (p99 ${ms(top.latencies, 0.99)} ms) with the service process at ` +
        `${fmt(top.cpu.cores['service'] ?? Number.NaN)} cores of CPU time → ${fmt(top.step.received / serviceCpu(top), 0)} events ` +
        'per service CPU-second') + ceiling;
  return [
    `**Highest sustained rate** of stream-inference (every vector predicted, ≥ 95 % of offered achieved, p99 ≤ ${MAX_SUSTAINED_P99_MS} ms; ` +
      `${seconds} s steps: the given rates, doubling while sustained, then bisecting)`,
    '',
    markdownTable(
      [
        'offered ev/s',
        'achieved ev/s',
        'p50 ms',
        'p99 ms',
        'missing',
        'gen errors',
        'service cores',
        'ev per service CPU-second',
        'machine busy cores',
        'sustained',
      ],
      rows,
    ),
    '',
    'service cores: CPU time of the service process (one JS thread with ONNX Runtime running on it, plus GC and I/O threads)',
    'per wall second; its events per CPU-second is the per-core throughput.',
    '',
    summary,
  ];
}

export function swapReport(outcome: SwapOutcome, windowMs: number): string[] {
  const { result, promoteAt } = outcome;
  const step = result.step;
  const before = step.latencies(promoteAt - windowMs, promoteAt);
  const after = step.latencies(promoteAt, promoteAt + windowMs);
  const versions = new Map<number, number>();
  for (let i = 0; i < step.count; i += 1) {
    if (!Number.isNaN(step.receivedAt[i] ?? Number.NaN)) versions.set(step.version[i] ?? 0, (versions.get(step.version[i] ?? 0) ?? 0) + 1);
  }
  const p99Ratio = quantile(after, 0.99) / quantile(before, 0.99);
  const firstNew = Number.isFinite(outcome.firstNewAt) ? fmt(outcome.firstNewAt - promoteAt, 0) : 'none in the step';
  const seconds = (windowMs / 1_000).toString();
  const windows = (
    [
      [`${seconds} s before the promote call (steady)`, before],
      [`${seconds} s from the promote call (swap)`, after],
      ['whole step', result.latencies],
    ] as const
  ).map(([name, v]) => [name, String(v.length), ms(v, 0.5), ms(v, 0.99), ms(v, 0.999)]);
  const exact = result.missing === 0 && step.duplicates === 0 && step.received === step.acked && result.run.errors === 0;
  const counts = [
    String(step.acked),
    String(step.received + step.duplicates),
    String(result.missing),
    String(step.duplicates),
    [...versions]
      .sort(([a], [b]) => a - b)
      .map(([v, n]) => `v${v}: ${n}`)
      .join(', '),
    fmt(outcome.answeredAt - promoteAt, 0),
    firstNew,
    outcome.serviceSwapMs === undefined ? 'n/a' : String(outcome.serviceSwapMs),
    fmt(p99Ratio),
  ];
  const summary =
    `swap: v${outcome.fromVersion} → v${outcome.toVersion} promoted ${fmt((promoteAt - step.start) / 1_000, 1)} s into ` +
    `${step.ratePerSecond} ev/s${isSustained(result) ? '' : ' (the step was NOT sustained: latencies are queueing)'}; first v${outcome.toVersion} ` +
    `prediction ${firstNew === 'none in the step' ? 'never came in the step' : `${firstNew} ms after the call`} (service: ` +
    `${outcome.serviceSwapMs ?? 'n/a'} ms from lifecycle event to routing); p99 ${ms(after, 0.99)} ms vs ${ms(before, 0.99)} ms steady ` +
    `(ratio ${fmt(p99Ratio)}, target ≤ 1.5: ${p99Ratio <= 1.5 ? 'met' : 'NOT met'}); ` +
    (exact
      ? `all ${step.acked} vectors predicted exactly once`
      : `${result.missing} missing, ${step.duplicates} duplicated, ${result.run.errors} not sent`);
  return [
    `**Champion hot swap**: ${step.ratePerSecond} ev/s (${outcome.rateReason}) for ${fmt(step.count / step.ratePerSecond, 0)} s, ` +
      `champion v${outcome.fromVersion} → v${outcome.toVersion} promoted halfway; latency windows by scheduled send`,
    '',
    markdownTable(['window', 'predictions', 'p50 ms', 'p99 ms', 'p99.9 ms'], windows),
    '',
    markdownTable(
      [
        'sent (acked)',
        'predictions',
        'missing',
        'duplicates',
        'by version',
        'promote call ms',
        'promote → first new-version prediction ms',
        'service swapMs',
        'p99 swap / steady',
      ],
      [counts],
    ),
    '',
    summary,
  ];
}
