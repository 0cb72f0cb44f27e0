/**
 * One open-loop step of a stream benchmark: `count` events offered at `ratePerSecond`, each with
 * its event id `<tag>.<index>`. Times are `performance.now()` milliseconds.
 */
export class TrackedStep {
  /** When the load generator started event i (NaN: never started). */
  readonly sentAt: Float64Array;
  /** When the first output for event i was consumed (NaN: none yet). */
  readonly receivedAt: Float64Array;
  /** The model version of event i's first output (0 when outputs carry none). */
  readonly version: Uint16Array;
  /** Events whose send the broker acknowledged. */
  acked = 0;
  /** Events with at least one output. */
  received = 0;
  /** Outputs beyond the first for an event. */
  duplicates = 0;
  /** Time of event 0's start; event i is scheduled `i / ratePerSecond` seconds later. */
  start = Number.NaN;
  lastReceivedAt = Number.NaN;

  constructor(
    readonly tag: string,
    readonly count: number,
    readonly ratePerSecond: number,
  ) {
    this.sentAt = new Float64Array(count).fill(Number.NaN);
    this.receivedAt = new Float64Array(count).fill(Number.NaN);
    this.version = new Uint16Array(count);
  }

  eventId(index: number): string {
    return `${this.tag}.${index}`;
  }

  /**
   * Where event i's latency counts from: its scheduled time, or its actual start when open-loop.ts
   * started it up to 1 ms early. A late start still counts from the schedule (no coordinated omission).
   */
  origin(index: number): number {
    const scheduled = this.start + (index * 1_000) / this.ratePerSecond;
    const sent = this.sentAt[index] ?? Number.NaN;
    return Number.isNaN(sent) ? scheduled : Math.min(scheduled, sent);
  }

  /** Latencies (ms) of the events with an output whose origin lies in [from, to). */
  latencies(from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i += 1) {
      const received = this.receivedAt[i] ?? Number.NaN;
      if (Number.isNaN(received)) continue;
      const origin = this.origin(i);
      if (origin >= from && origin < to) out.push(received - origin);
    }
    return out;
  }

  /**
   * Events delivered per second, from event 0's start to the last output consumed, as
   * open-loop.ts counts its achieved rate (its elapsed time runs until the last operation ends).
   */
  achievedPerSecond(): number {
    return this.received / ((this.lastReceivedAt - this.start) / 1_000);
  }

  record(index: number, version: number, at: number): void {
    if (!Number.isNaN(this.receivedAt[index] ?? 0)) {
      this.duplicates += 1;
      return;
    }
    this.receivedAt[index] = at;
    this.version[index] = version;
    this.received += 1;
    if (!(at <= this.lastReceivedAt)) this.lastReceivedAt = at;
  }
}

/** Routes consumed outputs to their step by event id and waits for steps to be delivered. */
export class DeliveryTracker {
  private readonly steps = new Map<string, TrackedStep>();
  private next = 0;
  /** Outputs whose event id belongs to no step of this run. */
  strays = 0;

  open(count: number, ratePerSecond: number): TrackedStep {
    this.next += 1;
    const step = new TrackedStep(`s${this.next}`, count, ratePerSecond);
    this.steps.set(step.tag, step);
    return step;
  }

  /** Records an output for `eventId`, consumed at `at`; `version` 0 when the output carries none. */
  record(eventId: string, version: number, at: number): void {
    const dot = eventId.indexOf('.');
    const step = dot < 0 ? undefined : this.steps.get(eventId.slice(0, dot));
    const index = Number(eventId.slice(dot + 1));
    if (step === undefined || !Number.isInteger(index) || index < 0 || index >= step.count) this.strays += 1;
    else step.record(index, version, at);
  }

  /**
   * Resolves once every acknowledged event of `step` has an output, or when none arrived for
   * `idleMs` (the rest are missing), or after `capMs` in all.
   */
  async drain(step: TrackedStep, idleMs: number, capMs: number): Promise<void> {
    const started = performance.now();
    let seen = step.received;
    let progressAt = started;
    while (step.received < step.acked) {
      const now = performance.now();
      if (step.received !== seen) {
        seen = step.received;
        progressAt = now;
      }
      if (now - progressAt > idleMs || now - started > capMs) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
