import { Schemas, type TopicContract } from '@mlops/contracts';
import type { Admin, ITopicConfig } from 'kafkajs';
import { ensureTopics } from './topic-admin';

/** An Admin that knows `existing` topics and records the create requests it receives. */
function fakeAdmin(existing: string[] = []) {
  const requests: { topics: ITopicConfig[]; waitForLeaders?: boolean }[] = [];
  const admin = {
    listTopics: jest.fn(() => Promise.resolve([...existing])),
    createTopics: jest.fn((request: { topics: ITopicConfig[]; waitForLeaders?: boolean }) => {
      requests.push(request);
      return Promise.resolve(true);
    }),
    // Every asked topic has one partition with a leader.
    fetchTopicMetadata: jest.fn(({ topics }: { topics: string[] }) =>
      Promise.resolve({ topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })) }),
    ),
  };
  return { admin: admin as unknown as Admin, createTopics: admin.createTopics, requests };
}

const contract = (topic: string, cleanup: TopicContract['cleanup'] = 'delete'): TopicContract => ({
  topic,
  schema: Schemas.transaction,
  keyField: 'user_id',
  cleanup,
});

const cleanupOf = (config: ITopicConfig | undefined) => config?.configEntries?.find((entry) => entry.name === 'cleanup.policy')?.value;

describe(ensureTopics.name, () => {
  it('creates each topic and its .dlq topic, 3 partitions and replication 1 by default, then waits for leaders', async () => {
    const { admin, requests } = fakeAdmin();

    const created = await ensureTopics(admin, [contract('events.transactions')]);

    expect(created).toEqual(['events.transactions', 'events.transactions.dlq']);
    expect(requests).toEqual([
      {
        waitForLeaders: false,
        topics: [
          {
            topic: 'events.transactions',
            numPartitions: 3,
            replicationFactor: 1,
            configEntries: [{ name: 'cleanup.policy', value: 'delete' }],
          },
          {
            topic: 'events.transactions.dlq',
            numPartitions: 3,
            replicationFactor: 1,
            configEntries: [{ name: 'cleanup.policy', value: 'delete' }],
          },
        ],
      },
    ]);
  });

  it('compacts the main topic of a compacted contract, but not its dead-letter topic', async () => {
    const { admin, requests } = fakeAdmin();

    await ensureTopics(admin, [contract('models.lifecycle', 'compact')]);

    const topics = requests[0]?.topics ?? [];
    expect(topics.map((t) => [t.topic, cleanupOf(t)])).toEqual([
      ['models.lifecycle', 'compact'],
      ['models.lifecycle.dlq', 'delete'],
    ]);
  });

  it('skips topics that already exist, creating only the missing ones', async () => {
    const { admin, requests } = fakeAdmin(['events.transactions', 'labels.transactions.dlq']);

    const created = await ensureTopics(admin, [contract('events.transactions'), contract('labels.transactions')]);

    expect(created).toEqual(['events.transactions.dlq', 'labels.transactions']);
    expect(requests[0]?.topics.map((t) => t.topic)).toEqual(created);
  });

  it('creates nothing and returns no names when every topic exists', async () => {
    const { admin, createTopics } = fakeAdmin(['features.card_spend', 'features.card_spend.dlq']);

    await expect(ensureTopics(admin, [contract('features.card_spend')])).resolves.toEqual([]);
    expect(createTopics).not.toHaveBeenCalled();
  });

  it('creates a topic named by two contracts once', async () => {
    const { admin, requests } = fakeAdmin();

    const created = await ensureTopics(admin, [contract('predictions.fraud'), contract('predictions.fraud')]);

    expect(created).toEqual(['predictions.fraud', 'predictions.fraud.dlq']);
    expect(requests[0]?.topics).toHaveLength(2);
  });

  it('uses the given partitions and replication factor', async () => {
    const { admin, requests } = fakeAdmin();

    await ensureTopics(admin, [contract('events.transactions')], { partitions: 12, replicationFactor: 3 });

    for (const topic of requests[0]?.topics ?? []) {
      expect(topic).toMatchObject({ numPartitions: 12, replicationFactor: 3 });
    }
  });

  it('creates nothing for no contracts', async () => {
    const { admin, createTopics } = fakeAdmin();

    await expect(ensureTopics(admin, [])).resolves.toEqual([]);
    expect(createTopics).not.toHaveBeenCalled();
  });

  it('passes on a failure to create topics', async () => {
    const { admin, createTopics } = fakeAdmin();
    createTopics.mockRejectedValueOnce(new Error('Not authorized to create topics'));

    await expect(ensureTopics(admin, [contract('events.transactions')])).rejects.toThrow('Not authorized to create topics');
  });

  it('retries metadata until the new topics have leaders, through "unknown topic" answers', async () => {
    const { admin } = fakeAdmin();
    const metadata = (admin as unknown as { fetchTopicMetadata: jest.Mock }).fetchTopicMetadata;
    metadata.mockRejectedValueOnce(new Error('This server does not host this topic-partition')).mockResolvedValueOnce({
      topics: [
        { name: 't', partitions: [{ partitionId: 0, leader: -1 }] },
        { name: 't.dlq', partitions: [] },
      ],
    });

    await expect(ensureTopics(admin, [contract('t')])).resolves.toEqual(['t', 't.dlq']);
    expect(metadata).toHaveBeenCalledTimes(3);
  });

  it('fails with the last problem when leaders do not come in time', async () => {
    const { admin } = fakeAdmin();
    (admin as unknown as { fetchTopicMetadata: jest.Mock }).fetchTopicMetadata.mockRejectedValue(new Error('broker unreachable'));

    await expect(ensureTopics(admin, [contract('t')], { leaderTimeoutMs: 100 })).rejects.toThrow(
      /topics t, t.dlq not ready after 100 ms: broker unreachable/,
    );
  });
});
