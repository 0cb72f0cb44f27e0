import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FixedTopicContracts, Topics, type Transaction } from '@mlops/contracts';
import { KafkaTestKit, uniqueName, waitFor } from '@mlops/testing';
import { transaction } from './transaction.fixture';

const transactions = FixedTopicContracts.find((c) => c.topic === Topics.transactions)!;

function runCrashingConsumer(topic: string, groupId: string): Promise<{ seen: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'fixtures', 'crash-before-commit.ts'), topic, groupId],
      {
        cwd: join(__dirname, '..', '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (_, signal) => {
      // stdout also carries the fixture's log lines; its report is the line marked SEEN.
      const report = out.split('\n').find((line) => line.startsWith('SEEN '));
      resolve({ seen: report ? (JSON.parse(report.slice(5)) as string[]) : [], signal });
    });
  });
}

describe('at-least-once consumption', () => {
  let kit: KafkaTestKit;

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
  });

  afterAll(async () => {
    await kit.close();
  });

  it('delivers a batch again to the group when its consumer is killed before committing', async () => {
    const { topic } = await kit.topicWithSchema(transactions);
    const sent = Array.from({ length: 20 }, (_, i) => transaction(i));
    await kit.produce(topic, sent, () => 'same-partition');
    const groupId = uniqueName('spec-group');

    const crashed = await runCrashingConsumer(topic, groupId);
    expect(crashed.signal).toBe('SIGKILL');
    expect(crashed.seen.length).toBeGreaterThan(0);
    expect(await kit.committed(groupId, topic)).toEqual({ 0: '-1' });

    const received: string[] = [];
    await kit
      .runner<Transaction>({
        groupId,
        topics: [topic],
        sessionTimeoutMs: 6_000,
        handle: (batch) => {
          received.push(...batch.messages.map((m) => m.value.event_id));
          return Promise.resolve();
        },
      })
      .start();

    await waitFor('the whole topic again', () => received.length >= sent.length, { timeoutMs: 60_000 });
    expect(received).toEqual(sent.map((t) => t.event_id));
    expect(received).toEqual(expect.arrayContaining(crashed.seen));
    await waitFor('the commit', async () => (await kit.committed(groupId, topic))[0] === '20');
  });

  it('retries a failing handler with backoff and commits only after it succeeds', async () => {
    const { topic } = await kit.topicWithSchema(transactions);
    const sent = Array.from({ length: 10 }, (_, i) => transaction(i));
    await kit.produce(topic, sent, () => 'same-partition');
    const groupId = uniqueName('spec-group');

    let failuresLeft = 3;
    const offsetsDuringFailures: Record<number, string>[] = [];
    const stored: string[] = [];
    const runner = kit.runner<Transaction>({
      groupId,
      topics: [topic],
      retry: { initialMs: 50, maxMs: 200 },
      handle: async (batch) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          offsetsDuringFailures.push(await kit.committed(groupId, topic));
          throw new Error('store unavailable');
        }
        stored.push(...batch.messages.map((m) => m.value.event_id));
      },
    });
    await runner.start();

    await waitFor('the batch to be stored', () => stored.length >= sent.length);
    expect(stored).toEqual(sent.map((t) => t.event_id));
    expect(offsetsDuringFailures).toEqual([{ 0: '-1' }, { 0: '-1' }, { 0: '-1' }]);
    expect(runner.stats.retries).toBe(3);
    await waitFor('the commit', async () => (await kit.committed(groupId, topic))[0] === '10');
  });
});

describe('consumer shutdown', () => {
  let kit: KafkaTestKit;

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
  });

  afterAll(async () => {
    await kit.close();
  });

  it('lets the in-flight batch finish and commits it before stop() resolves', async () => {
    const { topic } = await kit.topicWithSchema(transactions);
    const sent = Array.from({ length: 5 }, (_, i) => transaction(i));
    await kit.produce(topic, sent, () => 'same-partition');
    const groupId = uniqueName('spec-group');

    let release: () => void = () => undefined;
    const handlerEntered = new Promise<void>((entered) => {
      release = entered;
    });
    const finished: string[] = [];
    const runner = kit.runner<Transaction>({
      groupId,
      topics: [topic],
      handle: async (batch) => {
        release();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        finished.push(...batch.messages.map((m) => m.value.event_id));
      },
    });
    await runner.start();
    await handlerEntered;

    await runner.stop();
    expect(finished).toEqual(sent.map((t) => t.event_id));
    expect(await kit.committed(groupId, topic)).toEqual({ 0: '5' });
  });
});
