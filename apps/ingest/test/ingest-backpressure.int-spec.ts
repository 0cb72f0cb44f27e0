import { readFile } from 'node:fs/promises';
import { KafkaTestKit, ServiceProcess, createTopicNamespace, serviceEnv, uniqueName } from '@mlops/testing';
import { payment, post, type PostResult } from './transaction.fixture';

/** Resident memory of a process, from /proc. (MiB) */
async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

describe('ingest backpressure', () => {
  const namespace = uniqueName('spec');
  const run = uniqueName('run');
  let kit: KafkaTestKit;
  let ingest: ServiceProcess;

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    await createTopicNamespace(kit, namespace);
    // A bound of ~3 requests' worth of encoded events awaiting acknowledgement.
    ingest = ServiceProcess.start(
      'ingest',
      13_211,
      serviceEnv({ TOPIC_NAMESPACE: namespace, INGEST_ARCHIVE: 'false', INGEST_MAX_INFLIGHT_BYTES: '30000' }),
    );
    await ingest.waitReady();
  });

  afterAll(async () => {
    await ingest.stop();
    await kit.close();
  });

  it('answers 429 with Retry-After when too many bytes await Kafka, keeps memory bounded, and loses nothing on retry', async () => {
    const batches = Array.from({ length: 60 }, (_, b) => Array.from({ length: 100 }, (_, i) => payment(run, b * 100 + i)));
    const before = await rssMiB(ingest.pid!);
    const first = await Promise.all(batches.map((batch) => post(`${ingest.url}/v1/events/transactions`, JSON.stringify(batch))));
    const during = await rssMiB(ingest.pid!);

    const refused = first.filter((r) => r.status === 429);
    expect(first.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    expect(first.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.body['error']).toBe('overloaded');
    }
    expect(during - before).toBeLessThan(150);

    // A client that honours Retry-After gets every event in, exactly once.
    const accepted = new Set(first.flatMap((r) => (r.status === 200 ? (r.body['ids'] as string[]) : [])));
    let pending = batches.filter((_, i) => first[i]?.status === 429);
    while (pending.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const again: PostResult[] = [];
      for (const batch of pending) again.push(await post(`${ingest.url}/v1/events/transactions`, JSON.stringify(batch)));
      again.forEach((r) => r.status === 200 && (r.body['ids'] as string[]).forEach((id) => accepted.add(id)));
      pending = pending.filter((_, i) => again[i]?.status === 429);
    }
    expect(accepted.size).toBe(6_000);
    const messages = await kit.readRaw(`${namespace}.events.transactions`, 6_000, 60_000);
    expect(messages).toHaveLength(6_000);
  });
});
