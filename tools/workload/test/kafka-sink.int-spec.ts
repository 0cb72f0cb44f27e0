import { FixedTopicContracts, Topics, inNamespace, type Label, type Transaction } from '@mlops/contracts';
import { ensureTopics, registerContract } from '@mlops/kafka';
import { KafkaTestKit, uniqueName } from '@mlops/testing';
import type { KafkaMessage } from 'kafkajs';
import { KafkaSink, WorkloadGenerator, runWorkload, type WorkloadEvent } from '../src';

describe('the workload generator through KafkaSink', () => {
  let kit: KafkaTestKit;

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
  });

  afterAll(async () => {
    await kit.close();
  });

  /** Fresh namespaced transaction and label topics with their schemas registered, as a deployment has them. */
  async function namespacedTopics(): Promise<{ namespace: string; transactions: string; labels: string }> {
    const namespace = uniqueName('workload');
    const contracts = FixedTopicContracts.filter((c) => c.topic === Topics.transactions || c.topic === Topics.labels).map((c) =>
      inNamespace(namespace, c),
    );
    await ensureTopics(kit.admin, contracts);
    for (const contract of contracts) await registerContract(kit.registry, contract);
    return { namespace, transactions: `${namespace}.${Topics.transactions}`, labels: `${namespace}.${Topics.labels}` };
  }

  async function decodeAll<T>(topic: string, messages: readonly KafkaMessage[]): Promise<{ key: string; value: T }[]> {
    return Promise.all(
      messages.map(async (m) => ({ key: m.key?.toString() ?? '', value: await kit.serde.decode<T>(topic, m.value ?? Buffer.alloc(0)) })),
    );
  }

  it('produces every generated transaction and label in the registered Avro schema, keyed by user_id', async () => {
    const topics = await namespacedTopics();
    const options = { runId: uniqueName('run'), seed: 42, transactions: 300, meanGapMs: 120_000 };
    const generated: WorkloadEvent[] = [...new WorkloadGenerator(options)];
    const sink = new KafkaSink(kit.producer, kit.serde, { topicNamespace: topics.namespace });

    const result = await runWorkload(new WorkloadGenerator(options), sink, { rate: 2_000 });
    await sink.close();

    expect(result.outcome).toBe('completed');
    expect(result.error).toBeUndefined();
    const sentTransactions = generated.flatMap((e) => (e.kind === 'transaction' ? [e.value] : []));
    const sentLabels = generated.flatMap((e) => (e.kind === 'label' ? [e.value] : []));
    expect(sentTransactions).toHaveLength(300);
    expect(sentLabels.length).toBeGreaterThan(5);
    expect(sink.stats.delivered).toBe(generated.length);

    const transactions = await decodeAll<Transaction>(topics.transactions, await kit.readRaw(topics.transactions, sentTransactions.length));
    const labels = await decodeAll<Label>(topics.labels, await kit.readRaw(topics.labels, sentLabels.length));
    const byId = <T extends { event_id: string }>(values: readonly T[]): T[] =>
      [...values].sort((a, b) => a.event_id.localeCompare(b.event_id));
    expect(byId(transactions.map((t) => t.value))).toEqual(byId(sentTransactions));
    expect(byId(labels.map((l) => l.value))).toEqual(byId(sentLabels));
    expect([...transactions, ...labels].every(({ key, value }) => key === value.user_id)).toBe(true);
  });
});
