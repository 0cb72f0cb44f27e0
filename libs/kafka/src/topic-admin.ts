import { dlqTopic, type TopicContract } from '@mlops/contracts';
import type { Admin, ITopicConfig } from 'kafkajs';

export interface TopicLayout {
  /** Partitions per topic; scale-out of every consumer group is bounded by it. @default 3 */
  readonly partitions?: number;
  /** @default 1 (single-node local cluster) */
  readonly replicationFactor?: number;
}

/** Creates the contracts' topics and their dead-letter topics when missing; existing topics are left as they are. */
export async function ensureTopics(admin: Admin, contracts: readonly TopicContract[], layout: TopicLayout = {}): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const wanted: ITopicConfig[] = [];
  for (const contract of contracts) {
    for (const topic of [contract.topic, dlqTopic(contract.topic)]) {
      if (existing.has(topic) || wanted.some((t) => t.topic === topic)) continue;
      const compacted = contract.cleanup === 'compact' && topic === contract.topic;
      wanted.push({
        topic,
        numPartitions: layout.partitions ?? 3,
        replicationFactor: layout.replicationFactor ?? 1,
        configEntries: [{ name: 'cleanup.policy', value: compacted ? 'compact' : 'delete' }],
      });
    }
  }
  if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true });
  return wanted.map((t) => t.topic);
}
