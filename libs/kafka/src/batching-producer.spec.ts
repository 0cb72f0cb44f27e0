import { ROOT_CONTEXT, TraceFlags, context, propagation, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { CompressionTypes, type Kafka, type ProducerBatch, type ProducerConfig, type RecordMetadata } from 'kafkajs';
import { BatchingProducer, type OutgoingRecord } from './batching-producer';

/** A kafkajs producer that records what it is asked to do; each sendBatch answers with the next scripted outcome. */
class FakeProducer {
  readonly log: string[] = [];
  readonly batches: ProducerBatch[] = [];
  private readonly outcomes: ((batch: ProducerBatch) => Promise<RecordMetadata[]>)[] = [];

  readonly connect = jest.fn(() => {
    this.log.push('connect');
    return Promise.resolve();
  });

  readonly disconnect = jest.fn(() => {
    this.log.push('disconnect');
    return Promise.resolve();
  });

  readonly sendBatch = jest.fn((batch: ProducerBatch): Promise<RecordMetadata[]> => {
    this.log.push('sendBatch');
    this.batches.push(batch);
    const next = this.outcomes.shift();
    return next ? next(batch) : Promise.resolve(acknowledge(batch));
  });

  failNext(error: Error): void {
    this.outcomes.push(() => Promise.reject(error));
  }

  /** The next sendBatch is acknowledged only when the returned function is called. */
  holdNext(): () => void {
    let release: () => void = () => undefined;
    this.outcomes.push(
      (batch) =>
        new Promise<RecordMetadata[]>((resolve) => {
          release = () => resolve(acknowledge(batch));
        }),
    );
    return () => release();
  }
}

/** One metadata entry per topic and partition 0, as a broker acknowledges a batch. */
function acknowledge(batch: ProducerBatch): RecordMetadata[] {
  return (batch.topicMessages ?? []).map((t) => ({
    topicName: t.topic,
    partition: 0,
    errorCode: 0,
    baseOffset: String(t.messages.length),
  }));
}

function fakeKafka(producer: FakeProducer): { kafka: Kafka; configs: ProducerConfig[] } {
  const configs: ProducerConfig[] = [];
  const kafka = {
    producer: (config: ProducerConfig) => {
      configs.push(config);
      return producer;
    },
  } as unknown as Kafka;
  return { kafka, configs };
}

const record = (key: string | null, value: string, extra: Partial<OutgoingRecord> = {}): OutgoingRecord => ({
  key,
  value: Buffer.from(value),
  ...extra,
});

type Settled<T> = { state: 'pending' } | { state: 'resolved'; value: T } | { state: 'rejected'; error: unknown };

function track<T>(promise: Promise<T>): { current: Settled<T> } {
  const tracked: { current: Settled<T> } = { current: { state: 'pending' } };
  promise.then(
    (value) => {
      tracked.current = { state: 'resolved', value };
    },
    (error: unknown) => {
      tracked.current = { state: 'rejected', error };
    },
  );
  return tracked;
}

const header = (value: unknown): string | undefined => (Buffer.isBuffer(value) || typeof value === 'string' ? value.toString() : undefined);

describe(BatchingProducer.name, () => {
  let producer: FakeProducer;
  let kafka: Kafka;
  let configs: ProducerConfig[];

  beforeEach(() => {
    jest.useFakeTimers();
    producer = new FakeProducer();
    ({ kafka, configs } = fakeKafka(producer));
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('splits a send larger than maxRequestBytes into requests that each stay under it', async () => {
    // 10 records of 100-byte values: 100 + 128 estimated overhead = 228 bytes each; 500 fits two.
    const batching = new BatchingProducer(kafka, { maxRequestBytes: 500 });
    const records = Array.from({ length: 10 }, (_, i) => record(null, String(i).padStart(100, '0')));
    const sent = track(batching.send('t', records));
    await jest.advanceTimersByTimeAsync(0);
    expect(producer.sendBatch).toHaveBeenCalledTimes(5);
    expect(producer.batches.map((b) => b.topicMessages?.[0]?.messages.length)).toEqual([2, 2, 2, 2, 2]);
    expect(producer.batches.flatMap((b) => b.topicMessages?.[0]?.messages.map((m) => m.value?.toString()))).toEqual(
      records.map((r) => r.value.toString()),
    );
    expect(sent.current.state).toBe('resolved');
    expect(batching.inFlightBytes).toBe(0);
  });

  it('puts concurrent sends into separate requests when together they exceed maxRequestBytes', async () => {
    const batching = new BatchingProducer(kafka, { maxRequestBytes: 500 });
    const first = track(batching.send('a', [record(null, 'x'.repeat(200))]));
    const second = track(batching.send('b', [record(null, 'y'.repeat(200))]));
    await jest.advanceTimersByTimeAsync(0);
    expect(producer.batches.map((b) => b.topicMessages?.map((t) => t.topic))).toEqual([['a'], ['b']]);
    expect([first.current.state, second.current.state]).toEqual(['resolved', 'resolved']);
  });

  it('creates an idempotent producer with one request in flight', () => {
    new BatchingProducer(kafka);

    expect(configs).toEqual([expect.objectContaining({ idempotent: true, maxInFlightRequests: 1 })]);
  });

  it('connects the underlying producer', async () => {
    await new BatchingProducer(kafka).connect();

    expect(producer.connect).toHaveBeenCalledTimes(1);
  });

  it('shares one sendBatch among sends within the linger window', async () => {
    const batching = new BatchingProducer(kafka, { lingerMs: 5 });

    const sends = [batching.send('a', [record('k1', 'v1')]), batching.send('a', [record('k2', 'v2'), record('k3', 'v3')])];
    await jest.advanceTimersByTimeAsync(4);
    expect(producer.sendBatch).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(sends);

    expect(producer.sendBatch).toHaveBeenCalledTimes(1);
    expect(producer.batches[0]?.topicMessages?.[0]?.messages.map((m) => m.key)).toEqual(['k1', 'k2', 'k3']);
  });

  it('sends records of a later linger window in a separate sendBatch', async () => {
    const batching = new BatchingProducer(kafka, { lingerMs: 5 });

    const first = batching.send('a', [record('k1', 'v1')]);
    await jest.advanceTimersByTimeAsync(5);
    const second = batching.send('a', [record('k2', 'v2')]);
    await jest.advanceTimersByTimeAsync(5);
    await Promise.all([first, second]);

    expect(producer.batches.map((b) => b.topicMessages?.[0]?.messages.map((m) => m.key))).toEqual([['k1'], ['k2']]);
  });

  it('groups the messages of a batch per topic, keeping their order', async () => {
    const batching = new BatchingProducer(kafka);

    const sends = [
      batching.send('topic-a', [record('a1', 'x')]),
      batching.send('topic-b', [record('b1', 'y')]),
      batching.send('topic-a', [record('a2', 'z'), record(null, 'w')]),
    ];
    await jest.advanceTimersByTimeAsync(2);
    await Promise.all(sends);

    const topics = producer.batches[0]?.topicMessages?.map((t) => ({ topic: t.topic, keys: t.messages.map((m) => m.key) }));
    expect(topics).toEqual([
      { topic: 'topic-a', keys: ['a1', 'a2', null] },
      { topic: 'topic-b', keys: ['b1'] },
    ]);
    expect(producer.batches[0]?.topicMessages?.[0]?.messages.map((m) => m.value?.toString())).toEqual(['x', 'z', 'w']);
  });

  it('asks every replica to acknowledge (acks -1), uncompressed by default', async () => {
    const batching = new BatchingProducer(kafka);

    const sent = batching.send('a', [record('k', 'v')]);
    await jest.advanceTimersByTimeAsync(2);
    await sent;

    expect(producer.batches[0]).toMatchObject({ acks: -1, compression: CompressionTypes.None });
  });

  it('uses the configured compression', async () => {
    const batching = new BatchingProducer(kafka, { compression: CompressionTypes.GZIP });

    const sent = batching.send('a', [record('k', 'v')]);
    await jest.advanceTimersByTimeAsync(2);
    await sent;

    expect(producer.batches[0]?.compression).toBe(CompressionTypes.GZIP);
  });

  it("resolves each send with its own topic's metadata", async () => {
    const batching = new BatchingProducer(kafka);

    const toA = batching.send('topic-a', [record('a1', 'x'), record('a2', 'x')]);
    const toB = batching.send('topic-b', [record('b1', 'y')]);
    await jest.advanceTimersByTimeAsync(2);

    await expect(toA).resolves.toEqual([{ topicName: 'topic-a', partition: 0, errorCode: 0, baseOffset: '2' }]);
    await expect(toB).resolves.toEqual([{ topicName: 'topic-b', partition: 0, errorCode: 0, baseOffset: '1' }]);
  });

  it('resolves an empty send at once without sending', async () => {
    const batching = new BatchingProducer(kafka);

    await expect(batching.send('a', [])).resolves.toEqual([]);
    await jest.advanceTimersByTimeAsync(10);
    expect(producer.sendBatch).not.toHaveBeenCalled();
    expect(batching.inFlightBytes).toBe(0);
  });

  it('sends at once when maxBatchRecords records are queued', async () => {
    const batching = new BatchingProducer(kafka, { lingerMs: 10_000, maxBatchRecords: 3 });

    const first = batching.send('a', [record('k1', 'v'), record('k2', 'v')]);
    await jest.advanceTimersByTimeAsync(100);
    expect(producer.sendBatch).not.toHaveBeenCalled();

    const second = batching.send('a', [record('k3', 'v')]);
    await jest.advanceTimersByTimeAsync(0);
    await Promise.all([first, second]);

    expect(producer.sendBatch).toHaveBeenCalledTimes(1);
    expect(producer.batches[0]?.topicMessages?.[0]?.messages).toHaveLength(3);
  });

  it('counts key and value bytes in flight until the batch is acknowledged, then returns to 0', async () => {
    const release = producer.holdNext();
    const batching = new BatchingProducer(kafka);
    expect(batching.inFlightBytes).toBe(0);

    const first = track(batching.send('a', [record('k1', '0123456789')]));
    expect(batching.inFlightBytes).toBe(12);
    const second = track(batching.send('b', [record(null, 'abc')]));
    expect(batching.inFlightBytes).toBe(15);

    await jest.advanceTimersByTimeAsync(2);
    expect(producer.sendBatch).toHaveBeenCalledTimes(1);
    expect(batching.inFlightBytes).toBe(15);
    expect(first.current.state).toBe('pending');

    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(batching.inFlightBytes).toBe(0);
    expect([first.current.state, second.current.state]).toEqual(['resolved', 'resolved']);
  });

  it('rejects every waiting send when sendBatch fails, and releases their bytes', async () => {
    const failure = new Error('NOT_ENOUGH_REPLICAS');
    producer.failNext(failure);
    const batching = new BatchingProducer(kafka);

    const toA = track(batching.send('topic-a', [record('k', 'v')]));
    const toB = track(batching.send('topic-b', [record('k', 'v')]));
    await jest.advanceTimersByTimeAsync(2);

    expect(toA.current).toEqual({ state: 'rejected', error: failure });
    expect(toB.current).toEqual({ state: 'rejected', error: failure });
    expect(batching.inFlightBytes).toBe(0);
  });

  it('keeps sending after a failed batch', async () => {
    producer.failNext(new Error('broker down'));
    const batching = new BatchingProducer(kafka);

    const failed = track(batching.send('a', [record('k1', 'v')]));
    await jest.advanceTimersByTimeAsync(2);
    const retried = batching.send('a', [record('k1', 'v')]);
    await jest.advanceTimersByTimeAsync(2);

    expect(failed.current.state).toBe('rejected');
    await expect(retried).resolves.toHaveLength(1);
  });

  it('waits for the batch in flight before sending the next one', async () => {
    const release = producer.holdNext();
    const batching = new BatchingProducer(kafka);

    const first = track(batching.send('a', [record('k1', 'v')]));
    await jest.advanceTimersByTimeAsync(2);
    const second = track(batching.send('a', [record('k2', 'v')]));
    await jest.advanceTimersByTimeAsync(100);
    expect(producer.sendBatch).toHaveBeenCalledTimes(1);

    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(producer.sendBatch).toHaveBeenCalledTimes(2);
    expect([first.current.state, second.current.state]).toEqual(['resolved', 'resolved']);
  });

  describe('flush', () => {
    it('sends what is queued at once, without waiting for the linger window', async () => {
      const batching = new BatchingProducer(kafka, { lingerMs: 10_000 });
      const sent = track(batching.send('a', [record('k', 'v')]));

      await batching.flush();

      expect(producer.sendBatch).toHaveBeenCalledTimes(1);
      expect(sent.current.state).toBe('resolved');
    });

    it('resolves only once the outstanding batch is acknowledged', async () => {
      const release = producer.holdNext();
      const batching = new BatchingProducer(kafka);
      void batching.send('a', [record('k', 'v')]);

      const flushed = track(batching.flush());
      await jest.advanceTimersByTimeAsync(0);
      expect(flushed.current.state).toBe('pending');

      release();
      await jest.advanceTimersByTimeAsync(0);
      expect(flushed.current.state).toBe('resolved');
      expect(batching.inFlightBytes).toBe(0);
    });

    it('does not send twice when the linger timer would have fired later', async () => {
      const batching = new BatchingProducer(kafka, { lingerMs: 5 });
      void batching.send('a', [record('k', 'v')]);

      await batching.flush();
      await jest.advanceTimersByTimeAsync(10);

      expect(producer.sendBatch).toHaveBeenCalledTimes(1);
    });

    it('resolves without sending when nothing is queued', async () => {
      await new BatchingProducer(kafka).flush();

      expect(producer.sendBatch).not.toHaveBeenCalled();
    });
  });

  it('flushes before disconnecting', async () => {
    const batching = new BatchingProducer(kafka, { lingerMs: 10_000 });
    const sent = track(batching.send('a', [record('k', 'v')]));

    await batching.disconnect();

    expect(producer.log).toEqual(['sendBatch', 'disconnect']);
    expect(sent.current.state).toBe('resolved');
  });

  describe('headers', () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const spanContext = (spanId: string): Context =>
      trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false });

    beforeAll(() => {
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    });

    afterAll(() => {
      propagation.disable();
      context.disable();
    });

    async function sentHeaders(batching: BatchingProducer, sends: (() => Promise<unknown>)[]) {
      const pending = sends.map((send) => send());
      await jest.advanceTimersByTimeAsync(2);
      await Promise.all(pending);
      return (producer.batches[0]?.topicMessages ?? []).flatMap((t) => t.messages.map((m) => m.headers ?? {}));
    }

    it("keeps the record's own headers without changing the caller's object", async () => {
      const batching = new BatchingProducer(kafka);
      const own = { 'content-type': 'avro', source: Buffer.from('ingest') };

      const [headers] = await sentHeaders(batching, [() => batching.send('a', [record('k', 'v', { headers: own })])]);

      expect(headers).toMatchObject({ 'content-type': 'avro', source: Buffer.from('ingest') });
      expect(own).toEqual({ 'content-type': 'avro', source: Buffer.from('ingest') });
    });

    it('adds no traceparent when no span is active', async () => {
      const batching = new BatchingProducer(kafka);

      const [headers] = await sentHeaders(batching, [() => batching.send('a', [record('k', 'v')])]);

      expect(headers).not.toHaveProperty('traceparent');
    });

    it("adds the traceparent of the record's own trace context", async () => {
      const batching = new BatchingProducer(kafka);

      const [headers] = await sentHeaders(batching, [
        () => batching.send('a', [record('k', 'v', { traceContext: spanContext('b7ad6b7169203331') })]),
      ]);

      expect(header(headers?.traceparent)).toBe(`00-${traceId}-b7ad6b7169203331-01`);
    });

    it('adds the traceparent of the context active when send is called', async () => {
      const batching = new BatchingProducer(kafka);

      const [headers] = await sentHeaders(batching, [
        () => context.with(spanContext('00f067aa0ba902b7'), () => batching.send('a', [record('k', 'v')])),
      ]);

      expect(header(headers?.traceparent)).toBe(`00-${traceId}-00f067aa0ba902b7-01`);
    });

    it('gives each record of a shared batch the trace of its own send', async () => {
      const batching = new BatchingProducer(kafka);

      const headers = await sentHeaders(batching, [
        () => context.with(spanContext('1111111111111111'), () => batching.send('a', [record('k1', 'v')])),
        () => context.with(spanContext('2222222222222222'), () => batching.send('a', [record('k2', 'v')])),
        () =>
          context.with(spanContext('3333333333333333'), () =>
            batching.send('a', [record('k3', 'v', { traceContext: spanContext('4444444444444444') })]),
          ),
      ]);

      expect(headers.map((h) => header(h.traceparent))).toEqual([
        `00-${traceId}-1111111111111111-01`,
        `00-${traceId}-2222222222222222-01`,
        `00-${traceId}-4444444444444444-01`,
      ]);
    });
  });
});
