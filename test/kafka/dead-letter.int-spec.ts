import { DlqHeaders, FixedTopicContracts, Topics, dlqTopic, type Transaction } from '@mlops/contracts';
import { KafkaTestKit, uniqueName, waitFor } from '@mlops/testing';
import { transaction } from './transaction.fixture';

const transactions = FixedTopicContracts.find((c) => c.topic === Topics.transactions)!;

describe('dead-lettering of undecodable and invalid messages', () => {
  let kit: KafkaTestKit;

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
  });

  afterAll(async () => {
    await kit.close();
  });

  it('sends poison messages to <topic>.dlq with the reason, and processes every message after them', async () => {
    const { topic } = await kit.topicWithSchema(transactions);
    const encode = (n: number, overrides: Partial<Transaction> = {}) => kit.serde.encode(topic, transaction(n, overrides));
    // Sent one by one so their offsets (0..5) are known.
    const sequence = [
      { key: 'a', value: await encode(0) },
      { key: 'a', value: Buffer.from('{"not":"avro"}') },
      { key: 'a', value: await encode(1) },
      { key: 'a', value: await encode(2, { amount: -5 }) },
      { key: 'a', value: Buffer.from([0, 0, 0x7f, 0xff, 0xff, 1, 2, 3]) },
      { key: 'a', value: await encode(3) },
    ];
    for (const record of sequence) await kit.produceRaw(topic, [record]);

    const processed: string[] = [];
    const groupId = uniqueName('spec-group');
    await kit
      .runner<Transaction>({
        groupId,
        topics: [topic],
        validate: (tx) => (tx.amount > 0 ? [] : [`amount: must be > 0, got ${tx.amount}`]),
        handle: (batch) => {
          processed.push(...batch.messages.map((m) => m.value.event_id));
          return Promise.resolve();
        },
      })
      .start();

    await waitFor('the good messages', () => processed.length >= 3);
    expect(processed).toEqual(['tx-0', 'tx-1', 'tx-3']);

    const dead = await kit.readRaw(dlqTopic(topic), 3);
    const header = (i: number, name: string) => dead[i]?.headers?.[name]?.toString();
    expect(dead.map((_, i) => header(i, DlqHeaders.sourceOffset))).toEqual(['1', '3', '4']);
    expect(header(0, DlqHeaders.errorClass)).toBe('SchemaDecodeError');
    expect(header(0, DlqHeaders.error)).toContain(`cannot decode ${topic}[0]@1`);
    expect(header(1, DlqHeaders.errorClass)).toBe('MessageValidationError');
    expect(header(1, DlqHeaders.error)).toContain('amount: must be > 0, got -5');
    expect(header(2, DlqHeaders.errorClass)).toBe('SchemaDecodeError');
    expect(header(2, DlqHeaders.sourceTopic)).toBe(topic);
    expect(dead[0]?.value?.toString()).toBe('{"not":"avro"}');
    await waitFor('the commit past the last message', async () => (await kit.committed(groupId, topic))[0] === '6');
  });
});
