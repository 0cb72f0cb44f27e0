import {
  KafkaTestKit,
  ServiceProcess,
  createDatabase,
  createTopicNamespace,
  queryRows,
  serviceEnv,
  uniqueIdentifier,
  uniqueName,
  waitFor,
} from '@mlops/testing';
import { payment, post } from './transaction.fixture';

describe('event archive across a crash', () => {
  const namespace = uniqueName('spec');
  const run = uniqueName('run');
  const database = uniqueIdentifier('spec_archive');
  let kit: KafkaTestKit;
  let db: Awaited<ReturnType<typeof createDatabase>>;
  const processes: ServiceProcess[] = [];

  const start = (port: number, archive: boolean) => {
    const service = ServiceProcess.start(
      'ingest',
      port,
      serviceEnv({ TOPIC_NAMESPACE: namespace, CLICKHOUSE_DATABASE: database, INGEST_ARCHIVE: String(archive) }),
    );
    processes.push(service);
    return service;
  };
  const archivedIds = async () =>
    (await queryRows<{ event_id: string }>(db.client, 'SELECT event_id FROM events FINAL ORDER BY event_id')).map((r) => r.event_id);

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    await createTopicNamespace(kit, namespace);
    db = await createDatabase(database);
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await kit.close();
    await db.drop();
  });

  it('has exactly the accepted events in ClickHouse after the archiver is killed and restarted mid-stream', async () => {
    // The HTTP front keeps running; only the archiving process dies, as in a deployment that scales them apart.
    const front = start(13_221, false);
    let archiver = start(13_222, true);
    await Promise.all([front.waitReady(), archiver.waitReady()]);

    const accepted: string[] = [];
    const sendBatch = async (b: number) => {
      const batch = Array.from({ length: 100 }, (_, i) => payment(run, b * 100 + i));
      const result = await post(`${front.url}/v1/events/transactions`, JSON.stringify(batch));
      expect(result.status).toBe(200);
      accepted.push(...(result.body['ids'] as string[]));
    };

    for (let b = 0; b < 15; b += 1) await sendBatch(b);
    await waitFor('the archiver to have written part of the stream', async () => (await archivedIds()).length > 0);
    expect(await archiver.stop('SIGKILL')).toBeNull();

    for (let b = 15; b < 30; b += 1) await sendBatch(b);
    archiver = start(13_223, true);
    await archiver.waitReady();
    for (let b = 30; b < 40; b += 1) await sendBatch(b);

    expect(accepted).toHaveLength(4_000);
    await waitFor('all accepted events archived', async () => (await archivedIds()).length >= accepted.length, { timeoutMs: 90_000 });
    expect(await archivedIds()).toEqual([...accepted].sort());
    const typed = await queryRows<{ n: string }>(db.client, 'SELECT count() AS n FROM transactions FINAL');
    expect(typed[0]?.n).toBe('4000');
  });
});
