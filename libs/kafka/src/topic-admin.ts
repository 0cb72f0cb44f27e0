import { dlqTopic, type TopicContract } from '@mlops/contracts';
import { describeError, sleep } from '@mlops/util';
import type { Admin, ITopicConfig } from 'kafkajs';

export interface TopicLayout {
  /** Partitions per topic; scale-out of every consumer group is bounded by it. @default 3 */
  readonly partitions?: number;
  /** @default 1 (single-node local cluster) */
  readonly replicationFactor?: number;
  /** How long new topics may take to get partition leaders. @default 30000 (ms) */
  readonly leaderTimeoutMs?: number;
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
  if (wanted.length > 0) {
    await admin.createTopics({ topics: wanted, waitForLeaders: false });
    await waitForLeaders(
      admin,
      wanted.map((t) => t.topic),
      layout.leaderTimeoutMs ?? 30_000,
    );
  }
  return wanted.map((t) => t.topic);
}

/**
 * Polls metadata until every partition of the topics has a leader. A broker that has just
 * created a topic may answer "unknown topic or partition" for a moment (kafkajs' own wait gives
 * up on that answer), so errors are retried until the deadline.
 */
async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no metadata yet';
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const leaderless = metadata.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0)).map((t) => t.name);
      if (leaderless.length === 0) return;
      lastProblem = `no leader yet for ${leaderless.join(', ')}`;
    } catch (error) {
      lastProblem = describeError(error);
    }
    if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} not ready after ${timeoutMs} ms: ${lastProblem}`);
    await sleep(Math.min(1_000, 50 * attempt));
  }
}
