import { WorkloadGenerator } from '../simulation/generator';
import type { EventSink, SinkEvent, SinkStats } from '../sinks/event-sink';
import { StopControl, runWorkload, type RunnerOptions } from './workload-runner';

/** A sink that keeps what it is given, stamped with the (fake) time of the write. */
class MemorySink implements EventSink {
  readonly events: SinkEvent[] = [];
  readonly writes: { at: number; count: number }[] = [];
  flushed = 0;
  onWrite: (sink: MemorySink) => void = () => undefined;

  constructor(private readonly now: () => number) {}

  get stats(): SinkStats {
    return { delivered: this.events.length, retries: 0, duplicates: 0 };
  }

  write(events: readonly SinkEvent[]): Promise<void> {
    this.events.push(...events);
    this.writes.push({ at: this.now(), count: events.length });
    this.onWrite(this);
    return Promise.resolve();
  }

  flush(): Promise<void> {
    this.flushed += 1;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.flush();
  }
}

/** A clock that only moves when the runner sleeps. */
function fakeTime(): Pick<RunnerOptions, 'now' | 'sleep'> & { now: () => number } {
  let time = 0;
  return {
    now: () => time,
    sleep: (ms) => {
      time += ms;
      return Promise.resolve();
    },
  };
}

const generator = (transactions: number): WorkloadGenerator => new WorkloadGenerator({ runId: 'spec', transactions, meanGapMs: 60_000 });

describe(runWorkload.name, () => {
  it('sends every transaction and then the pending labels, flushes, and reports completion', async () => {
    const time = fakeTime();
    const sink = new MemorySink(time.now);
    const expected = [...generator(2_000)];
    const result = await runWorkload(generator(2_000), sink, { rate: 500, ...time });
    expect(result.outcome).toBe('completed');
    expect(sink.events).toEqual(expected);
    expect(sink.flushed).toBe(1);
    expect(result.stats.transactions).toBe(2_000);
    expect(result.stats.events).toBe(expected.length);
  });

  it('never runs ahead of the rate', async () => {
    const time = fakeTime();
    const sink = new MemorySink(time.now);
    const rate = 200;
    const result = await runWorkload(generator(1_000), sink, { rate, ...time });
    let sent = 0;
    for (const write of sink.writes) {
      sent += write.count;
      expect(sent).toBeLessThanOrEqual((write.at * rate) / 1_000 + rate * 0.05);
    }
    expect(result.realMs).toBeGreaterThanOrEqual(((result.stats.events - rate * 0.05) / rate) * 1_000);
  });

  it('on a first stop request sends no more transactions but drains the pending labels', async () => {
    const time = fakeTime();
    const sink = new MemorySink(time.now);
    const stop = new StopControl();
    sink.onWrite = (s) => {
      if (s.events.length >= 500 && stop.level === 'none') stop.request();
    };
    const result = await runWorkload(generator(5_000), sink, { rate: 1_000, ...time }, stop);
    expect(result.outcome).toBe('interrupted');
    const transactions = sink.events.filter((e) => e.kind === 'transaction');
    expect(transactions.length).toBeLessThan(600);
    const ids = new Set(transactions.map((t) => t.value.event_id));
    const labels = sink.events.filter((e) => e.kind === 'label');
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((l) => ids.has(l.value.event_id))).toBe(true);
    expect(sink.flushed).toBe(1);
  });

  it('on a second stop request stops at once, still flushing what was written', async () => {
    const time = fakeTime();
    const sink = new MemorySink(time.now);
    const stop = new StopControl();
    sink.onWrite = (s) => {
      if (s.events.length >= 300) {
        stop.request();
        stop.request();
      }
    };
    const result = await runWorkload(generator(5_000), sink, { rate: 1_000, ...time }, stop);
    expect(result.outcome).toBe('interrupted');
    expect(sink.events.length).toBeLessThan(400);
    expect(sink.flushed).toBe(1);
  });

  it('reports a failed sink as a failed run with its error', async () => {
    const time = fakeTime();
    const sink = new MemorySink(time.now);
    sink.onWrite = () => {
      throw new Error('target refused');
    };
    const result = await runWorkload(generator(100), sink, { rate: 1_000, ...time });
    expect(result.outcome).toBe('failed');
    expect(result.error).toEqual(new Error('target refused'));
  });
});
