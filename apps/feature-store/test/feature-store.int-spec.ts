import type { FeatureVector } from '@mlops/contracts';
import { merchantTransactionsV1, userTransactionsV1 } from '@mlops/features';
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
import { DAY_MS, awkwardValues, dropOnlineKeys, featureVector, getJson, postJson } from './feature-vector.fixture';

const user = userTransactionsV1;
const merchant = merchantTransactionsV1;

describe('feature-store against real Kafka, registry, Redis and ClickHouse', () => {
  const namespace = uniqueName('spec');
  const run = uniqueName('run');
  const database = uniqueIdentifier('spec_feature_store');
  const now = Date.now();
  /** Every valid vector this spec produced, as it should be logged. */
  const logged = new Map<string, FeatureVector>();
  const produced = new Map<string, number>();
  let kit: KafkaTestKit;
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let store: ServiceProcess;
  let userTopic: string;
  let merchantTopic: string;

  const produce = async (topic: string, vectors: readonly FeatureVector[], valid = true) => {
    await kit.produce(topic, vectors, (v) => (v as FeatureVector).entity_id);
    produced.set(topic, (produced.get(topic) ?? 0) + vectors.length);
    if (valid) for (const v of vectors) logged.set(v.event_id, v);
  };
  /** Resolves once the store committed everything produced so far: its Redis and ClickHouse writes are done. */
  const consumed = () =>
    Promise.all(
      [...produced].map(([topic, count]) =>
        waitFor(`feature-store to commit ${count} messages of ${topic}`, async () => {
          const offsets = Object.values(await kit.committed(`${namespace}.feature-store`, topic));
          return offsets.reduce((sum, offset) => sum + Math.max(0, Number(offset)), 0) >= count;
        }),
      ),
    );
  const get = (path: string) => getJson(`${store.url}/v1/features/${path}`);
  const post = (path: string, body: unknown) => postJson(`${store.url}/v1/features/${path}`, body);
  const featuresOf = (values: readonly (number | null)[], names = user.outputNames) =>
    Object.fromEntries(names.map((name, i) => [name, values[i]]));

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    await createTopicNamespace(kit, namespace);
    [userTopic, merchantTopic] = (await createFeatureTopics(kit, namespace, [user.name, merchant.name])) as [string, string];
    db = await createDatabase(database);
    store = ServiceProcess.start('feature-store', 13_301, serviceEnv({ TOPIC_NAMESPACE: namespace, CLICKHOUSE_DATABASE: database }));
    await store.waitReady();
  });

  afterAll(async () => {
    await store.stop();
    await kit.close();
    await db.drop();
    await dropOnlineKeys(namespace);
  });

  it('serves a produced vector bit for bit, with its event time, age and per-feature status', async () => {
    const values = awkwardValues(user.outputNames.length, 1);
    const vector = featureVector(run, user, 'u-1', now - 60_000, values);
    await produce(userTopic, [vector]);
    await consumed();

    const { status, body } = await get('user_transactions/u-1');
    expect(status).toBe(200);
    expect(body).toMatchObject({ view: 'user_transactions', version: 1, entity_id: 'u-1', status: 'present', event_time: now - 60_000 });
    const age = body['age_ms'] as number;
    expect(age).toBeGreaterThanOrEqual(60_000);
    expect(age).toBeLessThan(60_000 + 120_000);
    const features = body['features'] as Record<string, { value: number | null; status: string; age_ms: number }>;
    expect(Object.keys(features)).toEqual(user.outputNames);
    user.outputNames.forEach((name, i) => {
      const expected = values[i] ?? null;
      expect(Object.is(features[name]?.value, expected)).toBe(true);
      expect(features[name]).toEqual({ value: expected, status: expected === null ? 'missing' : 'present', age_ms: age });
    });
  });

  it('returns only the asked features, in the order asked, and 400 naming unknown ones', async () => {
    const { body } = await get('user_transactions/u-1?features=amount,tx_count_10m,previous_amounts_2&version=1');
    const values = awkwardValues(user.outputNames.length, 1);
    const at = (name: string) => values[user.outputNames.indexOf(name)] ?? null;
    expect(Object.entries(body['features'] as object).map(([name, f]) => [name, (f as { value: unknown }).value])).toEqual([
      ['amount', at('amount')],
      ['tx_count_10m', at('tx_count_10m')],
      ['previous_amounts_2', at('previous_amounts_2')],
    ]);
    expect(await get('user_transactions/u-1?features=amount,amount_p99,velocity')).toEqual({
      status: 400,
      body: {
        error: 'unknown_features',
        message: 'unknown features of user_transactions v1: amount_p99, velocity',
        unknown: ['amount_p99', 'velocity'],
      },
    });
  });

  it('keeps the newer event time when an older vector of the entity arrives later', async () => {
    const newer = featureVector(run, user, 'u-2', now - 1_000, awkwardValues(user.outputNames.length, 2));
    const older = featureVector(run, user, 'u-2', now - 5_000, awkwardValues(user.outputNames.length, 3));
    await produce(userTopic, [newer]);
    await consumed();
    await produce(userTopic, [older]);
    await consumed();
    const { body } = await get('user_transactions/u-2?features=tx_count_10m');
    expect(body).toMatchObject({ event_time: newer.event_time, features: { tx_count_10m: { value: newer.values[0] } } });
  });

  it('reports a vector older than the view TTL as expired and withholds its values', async () => {
    const stale = featureVector(run, user, 'u-3', now - 31 * DAY_MS, awkwardValues(user.outputNames.length, 4));
    const fresh = featureVector(run, user, 'u-4', now - 29 * DAY_MS, awkwardValues(user.outputNames.length, 5));
    await produce(userTopic, [stale, fresh]);
    await consumed();
    const { status, body } = await get('user_transactions/u-3?features=tx_count_10m,amount');
    expect(status).toBe(200);
    const age = body['age_ms'] as number;
    expect(age).toBeGreaterThan(31 * DAY_MS - 1);
    expect(body).toEqual({
      view: 'user_transactions',
      version: 1,
      entity_id: 'u-3',
      status: 'expired',
      event_time: stale.event_time,
      age_ms: age,
      features: { tx_count_10m: { value: null, status: 'expired', age_ms: age }, amount: { value: null, status: 'expired', age_ms: age } },
    });
    expect((await get('user_transactions/u-4?features=tx_count_10m')).body).toMatchObject({ status: 'present' });
  });

  it('looks up many entities in request order, reporting the unknown ones as missing', async () => {
    const { status, body } = await post('user_transactions/lookup', {
      entities: ['u-3', 'nobody', 'u-1', 'u-1'],
      features: ['tx_count_10m', 'amount_mean_24h'],
    });
    expect(status).toBe(200);
    const u1 = awkwardValues(user.outputNames.length, 1);
    const results = body['results'] as Record<string, unknown>[];
    expect(body).toMatchObject({ view: 'user_transactions', version: 1 });
    expect(results.map((r) => [r['entity_id'], r['status']])).toEqual([
      ['u-3', 'expired'],
      ['nobody', 'missing'],
      ['u-1', 'present'],
      ['u-1', 'present'],
    ]);
    expect(results[1]).toEqual({
      entity_id: 'nobody',
      status: 'missing',
      event_time: null,
      age_ms: null,
      features: {
        tx_count_10m: { value: null, status: 'missing', age_ms: null },
        amount_mean_24h: { value: null, status: 'missing', age_ms: null },
      },
    });
    expect(results[2]?.['features']).toMatchObject({
      tx_count_10m: { value: u1[0], status: 'present' },
      amount_mean_24h: { value: u1[user.outputNames.indexOf('amount_mean_24h')] },
    });
  });

  it("answers a model's inputs across views in exactly the order given", async () => {
    const merchantValues = [3, 17, 120, 25.5, null, 9, 1, 30.25];
    await produce(merchantTopic, [featureVector(run, merchant, 'm-1', now - 2_000, merchantValues)]);
    await consumed();
    const u1 = featureOrder(awkwardValues(user.outputNames.length, 1));
    const m1 = featureOrder(merchantValues, merchant.outputNames);
    const { status, body } = await post('vector', {
      entity: { user: 'u-1', merchant: 'm-1' },
      features: [
        'merchant_transactions:tx_count_24h',
        'user_transactions:v1:amount',
        'merchant_transactions:amount_max_24h',
        'user_transactions:tx_count_10m',
        'merchant_transactions:v1:tx_count_1h',
      ],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      values: [m1['tx_count_24h'], u1['amount'], null, u1['tx_count_10m'], m1['tx_count_1h']],
      statuses: ['present', u1['amount'] === null ? 'missing' : 'present', 'missing', 'present', 'present'],
    });
    const other = await post('vector', {
      entity: { user: 'u-3', merchant: 'm-404' },
      features: ['user_transactions:amount', 'merchant_transactions:tx_count_1h'],
    });
    expect(other.body).toEqual({ values: [null, null], statuses: ['expired', 'missing'] });

    function featureOrder(values: readonly (number | null)[], names: readonly string[] = user.outputNames) {
      return featuresOf(values, names) as Record<string, number | null>;
    }
  });

  it.each([
    [
      'a lookup without entities',
      'user_transactions/lookup',
      { features: ['amount'] },
      400,
      {
        error: 'invalid_request',
        message: 'entities: required field missing (an array of entity ids)',
        problems: [{ path: 'entities', reason: 'required field missing (an array of entity ids)' }],
      },
    ],
    [
      'an empty entity list',
      'user_transactions/lookup',
      { entities: [] },
      400,
      {
        error: 'invalid_request',
        message: 'entities: expected at least one of entity ids',
        problems: [{ path: 'entities', reason: 'expected at least one of entity ids' }],
      },
    ],
    [
      'non-string ids, an unknown field and a bad version',
      'user_transactions/lookup',
      { entities: ['u-1', 7, null, ''], version: 'latest', feature: ['amount'] },
      400,
      {
        error: 'invalid_request',
        message: '5 problems in the request',
        problems: [
          { path: 'feature', reason: 'unknown field; expected entities, features, version' },
          { path: 'entities[1]', reason: 'expected a string, got number 7' },
          { path: 'entities[2]', reason: 'expected a string, got null' },
          { path: 'entities[3]', reason: 'expected a non-empty string' },
          { path: 'version', reason: 'expected a whole number ≥ 1, got string "latest"' },
        ],
      },
    ],
    [
      'more entities than allowed',
      'user_transactions/lookup',
      { entities: Array.from({ length: 1_001 }, (_, i) => `u-${i}`) },
      413,
      { error: 'too_many_entities', message: '1001 entities in one request; at most 1000' },
    ],
    [
      'an unknown view',
      'card_holders/lookup',
      { entities: ['u-1'] },
      404,
      { error: 'unknown_view', message: 'unknown feature view "card_holders"; known: user_transactions, merchant_transactions' },
    ],
    [
      'an unknown version',
      'user_transactions/lookup',
      { entities: ['u-1'], version: 2 },
      404,
      { error: 'unknown_view_version', message: 'feature view "user_transactions" has no version 2; known: 1' },
    ],
    [
      'a body that is not an object',
      'user_transactions/lookup',
      ['u-1'],
      400,
      {
        error: 'invalid_request',
        message: 'body: expected a JSON object, got an array',
        problems: [{ path: '', reason: 'expected a JSON object, got an array' }],
      },
    ],
    [
      'malformed JSON',
      'user_transactions/lookup',
      '{"entities": [',
      400,
      { error: 'malformed_body', message: 'body is not valid JSON: Unexpected end of JSON input' },
    ],
    [
      'model inputs of unknown views and features',
      'vector',
      {
        entity: { user: 'u-1' },
        features: ['user_transactions:amount', 'user_transactions:amount_p99', 'devices:age', 'user_transactions:v7:amount'],
      },
      400,
      {
        error: 'unknown_features',
        message:
          'unknown features (served views: user_transactions v1, merchant_transactions v1): user_transactions:amount_p99, devices:age, user_transactions:v7:amount',
        unknown: ['user_transactions:amount_p99', 'devices:age', 'user_transactions:v7:amount'],
      },
    ],
    [
      'model inputs without the entity a view needs, and a malformed reference',
      'vector',
      { entity: { user: 42 }, features: ['amount'] },
      400,
      {
        error: 'invalid_request',
        message: '2 problems in the request',
        problems: [
          { path: 'entity.user', reason: 'expected a string, got number 42' },
          { path: 'features[0]', reason: 'expected "<view>:<feature>" or "<view>:v<version>:<feature>", got string "amount"' },
        ],
      },
    ],
    [
      'model inputs of a view whose entity is not given',
      'vector',
      { entity: { user: 'u-1' }, features: ['merchant_transactions:tx_count_1h'] },
      400,
      {
        error: 'invalid_request',
        message: 'entity.merchant: required by merchant_transactions:tx_count_1h (an entity id)',
        problems: [{ path: 'entity.merchant', reason: 'required by merchant_transactions:tx_count_1h (an entity id)' }],
      },
    ],
  ])('refuses %s with a clear error', async (_, path, body, status, expected) => {
    expect(await post(path, body)).toEqual({ status, body: expected });
  });

  it('refuses bad query parameters and unknown views of single lookups', async () => {
    expect(await get('user_transactions/u-1?version=0&features=amount,,tx_count_1h')).toEqual({
      status: 400,
      body: {
        error: 'invalid_request',
        message: '2 problems in the request',
        problems: [
          { path: 'version', reason: 'expected a whole number ≥ 1, got string "0"' },
          { path: 'features', reason: 'expected comma-separated feature names, got string "amount,,tx_count_1h"' },
        ],
      },
    });
    expect(await get('card_holders/u-1')).toEqual({
      status: 404,
      body: { error: 'unknown_view', message: 'unknown feature view "card_holders"; known: user_transactions, merchant_transactions' },
    });
  });

  it('dead-letters a vector whose length does not match its view version, with the reason, and serves nothing of it', async () => {
    const bad = featureVector(run, user, 'u-bad', now - 1_000, [1, 2, 3]);
    await produce(userTopic, [bad], false);
    const [message] = await kit.readRaw(`${userTopic}.dlq`, 1);
    const header = (name: string) => message?.headers?.[name]?.toString();
    expect(header('dlq.error.class')).toBe('MessageValidationError');
    expect(header('dlq.error')).toContain('3 values, but user_transactions v1 has 29 features');
    expect(header('dlq.source.topic')).toBe(userTopic);
    expect(message?.key?.toString()).toBe('u-bad');
    await consumed();
    expect((await get('user_transactions/u-bad')).body).toMatchObject({ status: 'missing' });
  });

  // Values are compared exactly: these ones survive ClickHouse 18.16's float text parser, which reads
  // a small share of arbitrary doubles (JSONEachRow, as BatchedWriter inserts) one ulp off.
  it('logs every valid vector to ClickHouse feature_log exactly once, even when delivered twice', async () => {
    const again = [...logged.values()].slice(0, 2);
    await produce(userTopic, again);
    await consumed();
    const rows = await queryRows<{
      view: string;
      view_version: number;
      entity_id: string;
      event_id: string;
      event_time: string;
      event_time_ms: string;
      computed_at_ms: string;
      feature_values: (number | null)[];
    }>(
      db.client,
      'SELECT view, view_version, entity_id, event_id, event_time, event_time_ms, computed_at_ms, feature_values FROM feature_log FINAL ORDER BY event_id',
    );
    const expected = [...logged.values()]
      .sort((a, b) => (a.event_id < b.event_id ? -1 : 1))
      .map((v) => ({
        view: v.view,
        view_version: v.view_version,
        entity_id: v.entity_id,
        event_id: v.event_id,
        event_time: new Date(v.event_time).toISOString().slice(0, 19).replace('T', ' '),
        event_time_ms: String(v.event_time),
        computed_at_ms: String(v.computed_at),
        feature_values: v.values,
      }));
    expect(rows).toEqual(expected);
    const [{ n } = { n: '' }] = await queryRows<{ n: string }>(db.client, 'SELECT count() AS n FROM feature_log');
    expect(Number(n)).toBeGreaterThanOrEqual(expected.length);
  });
});
