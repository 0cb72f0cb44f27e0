import type { FeatureVector } from '@mlops/contracts';
import { merchantTransactionsV1 } from '@mlops/features';
import {
  KafkaTestKit,
  ServiceProcess,
  createDatabase,
  createFeatureTopics,
  createTopicNamespace,
  queryRows,
  serviceEnv,
  uniqueIdentifier,
  uniqueName,
  waitFor,
} from '@mlops/testing';
import { dropOnlineKeys, featureVector, postJson } from './feature-vector.fixture';

const view = merchantTransactionsV1;
const ENTITIES = 200;
const VERSIONS_PER_ENTITY = 10;

describe('materialization across a crash', () => {
  const namespace = uniqueName('spec');
  const run = uniqueName('run');
  const database = uniqueIdentifier('spec_fs_crash');
  const start = Date.now() - 3_600_000;
  const processes: ServiceProcess[] = [];
  let kit: KafkaTestKit;
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let topic: string;

  const launch = (port: number) => {
    const service = ServiceProcess.start('feature-store', port, serviceEnv({ TOPIC_NAMESPACE: namespace, CLICKHOUSE_DATABASE: database }));
    processes.push(service);
    return service;
  };
  const loggedCount = async () =>
    Number((await queryRows<{ n: string }>(db.client, 'SELECT count() AS n FROM feature_log FINAL'))[0]?.n ?? 0);
  /** Entity e's k-th vector; event times are shuffled against production order, so the last produced is rarely the newest. */
  const vectorOf = (e: number, k: number): FeatureVector => {
    const eventTime = start + ((k * 7) % VERSIONS_PER_ENTITY) * 1_000 + e;
    return featureVector(run, view, `m-${e}`, eventTime, [k, e, eventTime, null, e / 7, 1, 2, 3]);
  };

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    await createTopicNamespace(kit, namespace);
    [topic] = (await createFeatureTopics(kit, namespace, [view.name])) as [string];
    db = await createDatabase(database);
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await kit.close();
    await db.drop();
    await dropOnlineKeys(namespace);
  });

  it('logs every vector exactly once and serves the newest per entity after a SIGKILL and restart mid-stream', async () => {
    const rounds = Array.from({ length: VERSIONS_PER_ENTITY }, (_, k) => Array.from({ length: ENTITIES }, (_, e) => vectorOf(e, k)));
    const produceRound = (k: number) => kit.produce(topic, rounds[k] as FeatureVector[], (v) => (v as FeatureVector).entity_id);

    let store = launch(13_311);
    await store.waitReady();
    for (let k = 0; k < 4; k += 1) await produceRound(k);
    await waitFor('part of the stream logged', async () => (await loggedCount()) > 0);
    expect(await store.stop('SIGKILL')).toBeNull();

    for (let k = 4; k < 7; k += 1) await produceRound(k);
    store = launch(13_312);
    await store.waitReady();
    for (let k = 7; k < VERSIONS_PER_ENTITY; k += 1) await produceRound(k);

    const total = ENTITIES * VERSIONS_PER_ENTITY;
    // Redis and the log are materialized by two groups, each committing after its own sink.
    const committedAll = async (group: string) =>
      Object.values(await kit.committed(group, topic)).reduce((sum, offset) => sum + Math.max(0, Number(offset)), 0) >= total;
    await waitFor(
      'every vector committed by both groups',
      async () => (await committedAll(`${namespace}.feature-store`)) && (await committedAll(`${namespace}.feature-store-log`)),
    );
    expect(await loggedCount()).toBe(total);

    const entities = Array.from({ length: ENTITIES }, (_, e) => `m-${e}`);
    const { status, body } = await postJson(`${store.url}/v1/features/${view.name}/lookup`, { entities, features: ['tx_count_7d'] });
    expect(status).toBe(200);
    const results = body['results'] as { entity_id: string; event_time: number; features: { tx_count_7d: { value: number } } }[];
    const newest = entities.map((_, e) =>
      rounds.map((round) => round[e] as FeatureVector).reduce((a, b) => (b.event_time > a.event_time ? b : a)),
    );
    expect(results.map((r) => [r.entity_id, r.event_time, r.features.tx_count_7d.value])).toEqual(
      newest.map((v) => [v.entity_id, v.event_time, v.values[2]]),
    );
  });
});
