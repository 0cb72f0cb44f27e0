import { Schemas, type Label, type Transaction } from '@mlops/contracts';
import type { AvroSerde, BatchingProducer, OutgoingRecord } from '@mlops/kafka';
import type { SinkEvent } from './event-sink';
import { KafkaSink, workloadContracts, workloadTopics } from './kafka-sink';

const tx = (n: number): SinkEvent => ({
  kind: 'transaction',
  value: {
    event_id: `run-tx-${n}`,
    event_time: 1_767_225_600_000 + n,
    user_id: `user-${n}`,
    card_id: 'card-1',
    merchant_id: 'm-1',
    merchant_category: 'grocery',
    amount: 12.5,
    currency: 'EUR',
    country: 'DE',
    channel: 'pos',
    card_present: true,
    device_id: null,
  } satisfies Transaction,
});

const label = (n: number): SinkEvent => ({
  kind: 'label',
  value: {
    event_id: `run-tx-${n}`,
    user_id: `user-${n}`,
    label_time: 1_767_225_700_000,
    is_fraud: false,
    source: 'review',
  } satisfies Label,
});

/** Records what is sent; `fail` makes the next send reject. */
class FakeProducer implements Pick<BatchingProducer, 'send' | 'flush'> {
  readonly sent: { topic: string; key: string | null; value: string }[] = [];
  fail: Error | undefined;

  send(topic: string, records: readonly OutgoingRecord[]): Promise<never[]> {
    if (this.fail) return Promise.reject(this.fail);
    this.sent.push(...records.map((r) => ({ topic, key: r.key, value: r.value.toString() })));
    return Promise.resolve([]);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}

/** "Encodes" as `topic|event_id`, so the spec sees which topic each value was encoded for. */
const fakeSerde: Pick<AvroSerde, 'encode'> = {
  encode: (topic, value) => Promise.resolve(Buffer.from(`${topic}|${(value as { event_id: string }).event_id}`)),
};

describe(KafkaSink.name, () => {
  it('produces transactions and labels to their topics, keyed by user_id, encoded for that topic', async () => {
    const producer = new FakeProducer();
    const sink = new KafkaSink(producer, fakeSerde);
    await sink.write([tx(1), label(0), tx(2)]);
    await sink.flush();
    expect(producer.sent).toEqual([
      { topic: 'events.transactions', key: 'user-1', value: 'events.transactions|run-tx-1' },
      { topic: 'events.transactions', key: 'user-2', value: 'events.transactions|run-tx-2' },
      { topic: 'labels.transactions', key: 'user-0', value: 'labels.transactions|run-tx-0' },
    ]);
    expect(sink.stats.delivered).toBe(3);
  });

  it('prefixes the topics with the namespace', async () => {
    const producer = new FakeProducer();
    const sink = new KafkaSink(producer, fakeSerde, { topicNamespace: 'demo-1' });
    await sink.write([tx(1), label(1)]);
    await sink.flush();
    expect(producer.sent.map((s) => s.topic)).toEqual(['demo-1.events.transactions', 'demo-1.labels.transactions']);
  });

  it('reports a failed send on flush and refuses further writes', async () => {
    const producer = new FakeProducer();
    producer.fail = new Error('broker gone');
    const sink = new KafkaSink(producer, fakeSerde);
    await sink.write([tx(1)]);
    await expect(sink.flush()).rejects.toThrow('broker gone');
    await expect(sink.write([tx(2)])).rejects.toThrow('broker gone');
    expect(sink.stats.delivered).toBe(0);
  });

  it('releases what it owns on close, after flushing', async () => {
    const release = jest.fn(() => Promise.resolve());
    const sink = new KafkaSink(new FakeProducer(), fakeSerde, {}, release);
    await sink.close();
    expect(release).toHaveBeenCalledTimes(1);
  });
});

describe(workloadContracts.name, () => {
  it('gives the transaction and label contracts under the namespaced topic names', () => {
    expect(workloadTopics('ns')).toEqual({ transactions: 'ns.events.transactions', labels: 'ns.labels.transactions' });
    expect(workloadContracts('ns').map((c) => [c.topic, c.schema, c.keyField])).toEqual([
      ['ns.events.transactions', Schemas.transaction, 'user_id'],
      ['ns.labels.transactions', Schemas.label, 'user_id'],
    ]);
    expect(workloadContracts().map((c) => c.topic)).toEqual(['events.transactions', 'labels.transactions']);
  });
});
