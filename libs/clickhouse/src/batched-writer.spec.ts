import { createLogger } from '@mlops/observability';
import { BatchedWriter, type BatchedWriterOptions } from './batched-writer';
import type { ClickHouse } from './clickhouse-client';

interface Row extends Record<string, unknown> {
  readonly id: number;
}

interface InsertCall {
  readonly table: string;
  readonly values: Row[];
  readonly format: string;
}

/** A ClickHouse client that only knows `insert`, answering each call with the next scripted outcome. */
class FakeClickHouse {
  readonly calls: InsertCall[] = [];
  private readonly outcomes: (() => Promise<unknown>)[] = [];

  readonly insert = jest.fn((params: InsertCall): Promise<unknown> => {
    this.calls.push({ ...params, values: [...params.values] });
    const next = this.outcomes.shift();
    return next ? next() : Promise.resolve({ executed: true });
  });

  /** The next inserts fail with `error`, `times` times. */
  failNext(error: Error, times = 1): void {
    for (let i = 0; i < times; i += 1) this.outcomes.push(() => Promise.reject(error));
  }

  /** The next insert waits until the returned function is called. */
  holdNext(): () => void {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.outcomes.push(() => held);
    return release;
  }

  asClient(): ClickHouse {
    return this as unknown as ClickHouse;
  }
}

const rows = (...ids: number[]): Row[] => ids.map((id) => ({ id }));

/** Tracks a promise's settlement without awaiting it. */
function track(promise: Promise<void>): { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } {
  const tracked: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { state: 'pending' };
  promise.then(
    () => {
      tracked.state = 'resolved';
    },
    (error: unknown) => {
      tracked.state = 'rejected';
      tracked.error = error;
    },
  );
  return tracked;
}

describe(BatchedWriter.name, () => {
  let client: FakeClickHouse;
  const logger = createLogger('batched-writer-spec', 'silent');

  const writerWith = (options: Partial<BatchedWriterOptions> = {}) =>
    new BatchedWriter<Row>(client.asClient(), logger, { table: 'predictions', maxDelayMs: 50, initialMs: 1, jitter: 0, ...options });

  beforeEach(() => {
    jest.useFakeTimers();
    client = new FakeClickHouse();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('merges concurrent writes into one JSONEachRow insert into its table', async () => {
    const writer = writerWith();

    const writes = [writer.write(rows(1, 2)), writer.write(rows(3)), writer.write(rows(4, 5))];
    await jest.advanceTimersByTimeAsync(50);
    await Promise.all(writes);

    expect(client.calls).toEqual([{ table: 'predictions', values: rows(1, 2, 3, 4, 5), format: 'JSONEachRow' }]);
    expect(writer.stats).toEqual({ insertedRows: 5, inserts: 1, failedAttempts: 0 });
  });

  it('waits at most maxDelayMs after the first row, even when more rows keep coming', async () => {
    const writer = writerWith({ maxDelayMs: 200 });

    const first = writer.write(rows(1));
    await jest.advanceTimersByTimeAsync(150);
    const second = writer.write(rows(2));
    await jest.advanceTimersByTimeAsync(49);
    expect(client.insert).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(1);
    await Promise.all([first, second]);

    expect(client.calls.map((call) => call.values)).toEqual([rows(1, 2)]);
  });

  it('resolves write only after the insert succeeded', async () => {
    const release = client.holdNext();
    const writer = writerWith();

    const write = track(writer.write(rows(1)));
    await jest.advanceTimersByTimeAsync(50);
    expect(client.insert).toHaveBeenCalledTimes(1);
    expect(write.state).toBe('pending');

    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(write.state).toBe('resolved');
  });

  it('resolves an empty write at once without inserting', async () => {
    const writer = writerWith();

    await expect(writer.write([])).resolves.toBeUndefined();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(client.insert).not.toHaveBeenCalled();
  });

  it('inserts at once when maxRows rows are waiting', async () => {
    const writer = writerWith({ maxRows: 3, maxDelayMs: 60_000 });

    const first = writer.write(rows(1, 2));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(client.insert).not.toHaveBeenCalled();

    const second = writer.write(rows(3));
    await jest.advanceTimersByTimeAsync(0);
    await Promise.all([first, second]);

    expect(client.calls.map((call) => call.values)).toEqual([rows(1, 2, 3)]);
  });

  it('retries a failing insert of the same rows and resolves once it succeeds', async () => {
    client.failNext(new Error('Code: 252. Too many parts'), 2);
    const writer = writerWith({ maxAttempts: 3 });

    const write = track(writer.write(rows(1, 2)));
    await jest.advanceTimersByTimeAsync(50 + 1 + 2);

    expect(write.state).toBe('resolved');
    expect(client.calls.map((call) => call.values)).toEqual([rows(1, 2), rows(1, 2), rows(1, 2)]);
    expect(writer.stats).toEqual({ insertedRows: 2, inserts: 1, failedAttempts: 2 });
  });

  it('rejects every write of the batch with the insert error after maxAttempts', async () => {
    const failure = new Error('connection refused');
    client.failNext(failure, 10);
    const writer = writerWith({ maxAttempts: 4 });

    const first = track(writer.write(rows(1)));
    const second = track(writer.write(rows(2)));
    await jest.advanceTimersByTimeAsync(50 + 1 + 2 + 4);

    expect(client.insert).toHaveBeenCalledTimes(4);
    expect(first).toEqual({ state: 'rejected', error: failure });
    expect(second).toEqual({ state: 'rejected', error: failure });
    expect(writer.stats).toEqual({ insertedRows: 0, inserts: 0, failedAttempts: 3 });
  });

  it('makes 3 insert attempts by default', async () => {
    client.failNext(new Error('down'), 10);
    const writer = writerWith();

    const write = track(writer.write(rows(1)));
    await jest.advanceTimersByTimeAsync(1_000);

    expect(write.state).toBe('rejected');
    expect(client.insert).toHaveBeenCalledTimes(3);
  });

  it('does not carry rows of a failed batch into the next insert', async () => {
    client.failNext(new Error('down'), 1);
    const writer = writerWith({ maxAttempts: 1 });

    const failed = track(writer.write(rows(1)));
    await jest.advanceTimersByTimeAsync(50);
    const next = writer.write(rows(2));
    await jest.advanceTimersByTimeAsync(50);
    await next;

    expect(failed.state).toBe('rejected');
    expect(client.calls.map((call) => call.values)).toEqual([rows(1), rows(2)]);
  });

  it('inserts rows written during an in-flight insert in a later insert, after the first completes', async () => {
    const release = client.holdNext();
    const writer = writerWith();

    const first = track(writer.write(rows(1)));
    await jest.advanceTimersByTimeAsync(50);
    const second = track(writer.write(rows(2)));
    await jest.advanceTimersByTimeAsync(200);
    expect(client.insert).toHaveBeenCalledTimes(1);

    release();
    await jest.advanceTimersByTimeAsync(0);

    expect(client.calls.map((call) => call.values)).toEqual([rows(1), rows(2)]);
    expect([first.state, second.state]).toEqual(['resolved', 'resolved']);
  });

  it('logs each failed attempt as a warning naming the table and attempt', async () => {
    const lines: string[] = [];
    const warnLogger = createLogger('batched-writer-spec', 'warn', { write: (line: string) => void lines.push(line) });
    client.failNext(new Error('timeout'), 1);
    const writer = new BatchedWriter<Row>(client.asClient(), warnLogger, { table: 'events', maxDelayMs: 1, initialMs: 1, jitter: 0 });

    const write = writer.write(rows(1));
    await jest.advanceTimersByTimeAsync(10);
    await write;

    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'warn', table: 'events', rows: 1, attempt: 1, err: 'timeout', msg: 'insert failed, retrying' }),
    ]);
  });

  describe('close', () => {
    it('inserts the rows still waiting without waiting for maxDelayMs', async () => {
      const writer = writerWith({ maxDelayMs: 60_000 });

      const write = track(writer.write(rows(1, 2)));
      void writer.close();
      await jest.advanceTimersByTimeAsync(0);

      expect(client.calls.map((call) => call.values)).toEqual([rows(1, 2)]);
      expect(write.state).toBe('resolved');
    });

    it('waits for an insert already in flight', async () => {
      const release = client.holdNext();
      const writer = writerWith();
      const write = track(writer.write(rows(1)));
      await jest.advanceTimersByTimeAsync(50);

      const closed = track(writer.close());
      await jest.advanceTimersByTimeAsync(0);
      expect(closed.state).toBe('pending');

      release();
      await jest.advanceTimersByTimeAsync(0);
      expect([write.state, closed.state]).toEqual(['resolved', 'resolved']);
    });

    it('resolves at once when nothing is waiting', async () => {
      const writer = writerWith();

      const closed = track(writer.close());
      await jest.advanceTimersByTimeAsync(0);

      expect(closed.state).toBe('resolved');
      expect(client.insert).not.toHaveBeenCalled();
    });

    it('rejects writes after close, naming the table', async () => {
      const writer = writerWith();
      await writer.close();

      await expect(writer.write(rows(1))).rejects.toThrow('writer for predictions is closed');
      await jest.advanceTimersByTimeAsync(1_000);
      expect(client.insert).not.toHaveBeenCalled();
    });
  });
});

describe(BatchedWriter.name, () => {
  it('resolves close() only after the rows still waiting were inserted', async () => {
    const insert = jest.fn(() => Promise.resolve({}));
    const writer = new BatchedWriter<{ id: number }>({ insert } as unknown as ClickHouse, createLogger('spec', 'silent'), {
      table: 't',
      maxDelayMs: 60_000,
    });

    const write = writer.write([{ id: 1 }]);
    await writer.close();

    expect(insert).toHaveBeenCalledTimes(1); // regression: was 0 calls, the insert only starts on the next timer tick
    await write;
  });

  it('gives up after 3 attempts when maxAttempts is passed as undefined', async () => {
    jest.useFakeTimers();
    const insert = jest.fn(() => Promise.reject(new Error('down')));
    const writer = new BatchedWriter<{ id: number }>({ insert } as unknown as ClickHouse, createLogger('spec', 'silent'), {
      table: 't',
      maxDelayMs: 1,
      initialMs: 1,
      jitter: 0,
      maxAttempts: undefined,
    });

    let rejected = false;
    writer.write([{ id: 1 }]).catch(() => {
      rejected = true;
    });
    await jest.advanceTimersByTimeAsync(60_000);

    expect(insert).toHaveBeenCalledTimes(3); // regression: was ~20 calls and counting, retries never stop
    expect(rejected).toBe(true);
    jest.useRealTimers();
  });
});
