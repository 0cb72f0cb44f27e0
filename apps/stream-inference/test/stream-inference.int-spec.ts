import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DlqHeaders, featureTopic, predictionTopic, shadowPredictionTopic, type FeatureVector, type Prediction } from '@mlops/contracts';
import { userTransactionsV1 } from '@mlops/features';
import { OnnxScorer } from '@mlops/onnx';
import {
  KafkaTestKit,
  ServiceProcess,
  createDatabase,
  createTopicNamespace,
  queryRows,
  sampleInputs,
  serviceEnv,
  testModel,
  uniqueIdentifier,
  uniqueName,
  waitFor,
  type TestModel,
} from '@mlops/testing';
import { entityBucket } from '../src/models/canary';

const view = userTransactionsV1;
const MODEL = 'card_fraud';

interface Json {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function call(method: string, url: string, body?: unknown): Promise<Json> {
  const response = await fetch(url, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('stream-inference against real Kafka, registry, Redis and ClickHouse', () => {
  const namespace = uniqueName('spec');
  const run = uniqueName('run');
  const database = uniqueIdentifier('spec_inference');
  let kit: KafkaTestKit;
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let registryDir: string;
  let service: ServiceProcess;
  let store: ServiceProcess;
  const models: TestModel[] = [];
  let sequence = 0;
  const topics = {
    features: '',
    served: '',
    shadow: '',
  };

  const api = (path: string) => `${service.url}${path}`;
  const register = async (model: TestModel) =>
    call('POST', api(`/v1/models/${MODEL}/versions`), {
      card: model.card,
      artifact_base64: Buffer.from(model.artifact).toString('base64'),
    });
  const promote = (alias: string, version: string, traffic?: number) =>
    call('POST', api(`/v1/models/${MODEL}/aliases`), { alias, version, ...(traffic === undefined ? {} : { traffic }) });
  /** Waits until this instance serves exactly these versions. */
  const serving = (expected: Record<string, string | null>) =>
    waitFor(`routing ${JSON.stringify(expected)}`, async () => {
      const status = await call('GET', api('/v1/inference/status'));
      const routing = (status.body['models'] as Record<string, Record<string, { version: string } | null>>)[MODEL] ?? {};
      return Object.entries(expected).every(([alias, version]) => (routing[alias]?.version ?? null) === version);
    });
  const vectors = (count: number, entities: number, values?: (i: number) => (number | null)[]): FeatureVector[] =>
    Array.from({ length: count }, (_, i) => {
      sequence += 1;
      return {
        event_id: `${run}-${sequence}`,
        view: view.name,
        view_version: view.version,
        entity_id: `u-${i % entities}`,
        event_time: Date.now() - 1_000,
        computed_at: Date.now(),
        values: values?.(sequence) ?? (sampleInputs(1, sequence)[0] as (number | null)[]),
      };
    });
  const produce = (batch: readonly FeatureVector[]) => kit.produce(topics.features, batch, (v) => (v as FeatureVector).entity_id);
  /** Every prediction on a topic, after waiting for `count` and `settleMs` more for extras. */
  const read = async (topic: string, count: number, settleMs = 2_000): Promise<Prediction[]> => {
    const raw = await kit.readRaw(topic, count, 60_000, settleMs);
    return Promise.all(raw.map((m) => kit.serde.decode<Prediction>(topic, m.value as Buffer)));
  };
  const ofRun = (predictions: readonly Prediction[], batch: readonly FeatureVector[]) => {
    const ids = new Set(batch.map((v) => v.event_id));
    return predictions.filter((p) => ids.has(p.event_id));
  };

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    await createTopicNamespace(kit, namespace);
    topics.features = `${namespace}.${featureTopic(view.name)}`;
    topics.served = `${namespace}.${predictionTopic(MODEL)}`;
    topics.shadow = `${namespace}.${shadowPredictionTopic(MODEL)}`;
    db = await createDatabase(database);
    registryDir = await mkdtemp(join(tmpdir(), 'registry-'));
    for (const seed of [1, 2, 3]) models.push(await testModel({ seed }));
    const env = serviceEnv({ TOPIC_NAMESPACE: namespace, CLICKHOUSE_DATABASE: database });
    store = ServiceProcess.start('feature-store', 13_413, env);
    service = ServiceProcess.start(
      'stream-inference',
      13_414,
      serviceEnv({ ...env, MODEL_REGISTRY_DIR: registryDir, FEATURE_STORE_URL: 'http://127.0.0.1:13413', INFERENCE_MAX_WAIT_MS: '20' }),
    );
    await Promise.all([service.waitReady(), store.waitReady()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([service.stop(), store.stop()]);
    await kit.close();
    await db.drop();
    await rm(registryDir, { recursive: true, force: true });
  });

  it('refuses a model whose ONNX input does not match its card, naming the mismatch', async () => {
    const mismatched = await testModel({ seed: 9, width: 5 });
    const { status, body } = await register(mismatched);
    expect(status).toBe(422);
    expect(body['error']).toBe('model_rejected');
    expect(body['problems']).toContain('input "features" takes 5 features per row, the card lists 29');
    expect((await call('GET', api('/v1/models'))).body).toEqual({ models: [] });
  });

  it('registers versions with their digest and serves the champion; scores equal a direct ONNX run', async () => {
    for (const [i, model] of models.entries()) {
      const { status, body } = await register(model);
      expect(status).toBe(201);
      expect(body).toMatchObject({ name: MODEL, version: String(i + 1), artifact: { bytes: model.artifact.byteLength } });
      expect((body['artifact'] as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect((await promote('champion', '1')).status).toBe(200);
    await serving({ champion: '1', challenger: null, shadow: null });

    const batch = vectors(300, 40);
    await produce(batch);
    const predictions = ofRun(await read(topics.served, 300), batch);
    expect(predictions).toHaveLength(300);
    const scorer = await OnnxScorer.load(models[0]?.artifact as Uint8Array);
    const expected = await scorer.scoreRows(batch.map((v) => v.values));
    await scorer.release();
    const byEvent = new Map(predictions.map((p) => [p.event_id, p]));
    batch.forEach((vector, i) => {
      const prediction = byEvent.get(vector.event_id) as Prediction;
      expect(prediction).toMatchObject({ model_version: '1', variant: 'champion', entity_id: vector.entity_id, source: 'stream' });
      expect(prediction.score).toBe(expected[i]);
      expect(prediction.features).toEqual(vector.values);
      expect(prediction.latency_ms).toBeGreaterThan(0);
    });
  });

  it('splits a canary by entity, sticky per entity, and keeps shadow predictions off the served topic', async () => {
    expect((await promote('challenger', '2', 0.3)).status).toBe(200);
    expect((await promote('shadow', '3')).status).toBe(200);
    await serving({ champion: '1', challenger: '2', shadow: '3' });

    const entities = 500;
    const batch = vectors(2_000, entities);
    await produce(batch);
    const served = ofRun(await read(topics.served, 2_300), batch);
    const shadow = ofRun(await read(topics.shadow, 2_000), batch);
    expect(served).toHaveLength(2_000);
    expect(new Set(served.map((p) => p.event_id)).size).toBe(2_000);
    expect(shadow).toHaveLength(2_000);
    expect(shadow.every((p) => p.variant === 'shadow' && p.model_version === '3')).toBe(true);
    expect(served.some((p) => p.variant === 'shadow')).toBe(false);

    const variantOf = new Map<string, Set<string>>();
    for (const p of served) variantOf.set(p.entity_id, (variantOf.get(p.entity_id) ?? new Set()).add(`${p.variant}:${p.model_version}`));
    expect([...variantOf.values()].every((variants) => variants.size === 1)).toBe(true);
    const challengerEntities = [...variantOf].filter(([, v]) => v.has('challenger:2')).map(([entity]) => entity);
    expect(challengerEntities.every((entity) => entityBucket(entity) < 0.3)).toBe(true);
    // 500 entities, p = 0.3: the standard deviation of the share is 0.02; 4 of them is the tolerance.
    expect(Math.abs(challengerEntities.length / entities - 0.3)).toBeLessThan(0.08);
  });

  it('dead-letters vectors it cannot score, with the reason, and goes on', async () => {
    const [short, infinite, good] = vectors(3, 3);
    const bad = [
      { ...(short as FeatureVector), values: [1, 2, 3] },
      { ...(infinite as FeatureVector), values: (infinite as FeatureVector).values.map((v, i) => (i === 4 ? Infinity : v)) },
    ];
    await produce([...bad, good as FeatureVector]);
    // feature-store reads the same topic and dead-letters the same vectors for itself.
    const dead = (await kit.readRaw(`${topics.features}.dlq`, 4, 30_000, 1_000)).filter(
      (m) => String(m.headers?.[DlqHeaders.consumerGroup]) === `${namespace}.stream-inference`,
    );
    const reasons = dead.map((m) => String(m.headers?.[DlqHeaders.error]));
    expect(reasons).toEqual([
      expect.stringContaining('values: 3 values, user_transactions v1 has 29 features'),
      expect.stringContaining('values[4]: Infinity is not a finite number'),
    ]);
    const served = ofRun(await read(topics.served, 2_301), [good as FeatureVector]);
    expect(served).toHaveLength(1);
  });

  it("continues the vector's trace in the prediction's headers", async () => {
    const [vector] = vectors(1, 1);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const value = await kit.serde.encode(topics.features, vector);
    await kit.produceRaw(topics.features, [
      { key: (vector as FeatureVector).entity_id, value, headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } },
    ]);
    const raw = await kit.readRaw(topics.served, 2_302, 60_000);
    const message = await (async () => {
      for (const m of raw)
        if ((await kit.serde.decode<Prediction>(topics.served, m.value as Buffer)).event_id === vector?.event_id) return m;
      return undefined;
    })();
    expect(String(message?.headers?.['traceparent'])).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it('hot-swaps the champion under load without losing or duplicating a prediction, and rolls back in one call', async () => {
    expect((await call('DELETE', api(`/v1/models/${MODEL}/aliases/challenger`))).status).toBe(200);
    await serving({ champion: '1', challenger: null, shadow: '3' });
    const batches = Array.from({ length: 30 }, () => vectors(100, 300));
    const producing = (async () => {
      for (const batch of batches) {
        await produce(batch);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await promote('champion', '2')).status).toBe(200);
    await producing;
    const all = batches.flat();
    const served = ofRun(await read(topics.served, 2_302 + 3_000, 3_000), all);
    expect(served).toHaveLength(3_000);
    expect(new Set(served.map((p) => p.event_id)).size).toBe(3_000);
    const versions = new Set(served.map((p) => p.model_version));
    expect(versions).toEqual(new Set(['1', '2']));
    const lastBatch = new Set(batches[batches.length - 1]?.map((v) => v.event_id));
    expect(served.filter((p) => lastBatch.has(p.event_id)).every((p) => p.model_version === '2')).toBe(true);

    const rolledBack = await call('POST', api(`/v1/models/${MODEL}/rollback`), {});
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ champion: '1' });
    await serving({ champion: '1', shadow: '3' });
    const again = await call('POST', api(`/v1/models/${MODEL}/rollback`), {});
    expect(again.status).toBe(409);
  });

  it('answers POST /v1/predict from the online store with the same routing, and logs it', async () => {
    const [vector] = vectors(1, 1, () => sampleInputs(1, 77)[0] as (number | null)[]);
    const online = { ...(vector as FeatureVector), entity_id: `${run}-online` };
    await produce([online]);
    await waitFor('feature-store to serve the vector', async () => {
      const { body } = await call('GET', `${store.url}/v1/features/${view.name}/${online.entity_id}`);
      return body['status'] === 'present';
    });
    const { status, body } = await call('POST', api('/v1/predict'), { entity: { user: online.entity_id }, event_id: `${run}-req` });
    expect(status).toBe(200);
    const scorer = await OnnxScorer.load(models[0]?.artifact as Uint8Array);
    const [expected] = await scorer.scoreRows([online.values]);
    await scorer.release();
    expect(body).toMatchObject({ model: MODEL, version: '1', variant: 'champion', score: expected, event_id: `${run}-req` });

    const withRequest = await call('POST', api('/v1/predict'), {
      entity: { user: online.entity_id },
      request: { amount: 999, channel: 'online', card_present: false },
    });
    expect(withRequest.status).toBe(200);
    expect(withRequest.body['computed_from_request']).toEqual(expect.arrayContaining(['amount', 'is_online']));
    expect((withRequest.body['features'] as Record<string, number>)['amount']).toBe(999);

    const missing = await call('POST', api('/v1/predict'), { entity: { merchant: 'm-1' }, extra: true });
    expect(missing.status).toBe(400);
    expect(missing.body['message']).toContain('extra: unknown field');

    const logged = await waitFor('the request prediction in ClickHouse', async () => {
      const rows = await queryRows<{ variant: string; source: string }>(
        db.client,
        `SELECT variant, source FROM predictions FINAL WHERE event_id = '${run}-req' ORDER BY variant`,
      );
      return rows.length === 2 ? rows : undefined;
    });
    expect(logged).toEqual([
      { variant: 'champion', source: 'request' },
      { variant: 'shadow', source: 'request' },
    ]);
  });

  it('logs every prediction of the run to ClickHouse exactly once per event and version', async () => {
    const status = await call('GET', api('/v1/inference/status'));
    const produced = Object.values((status.body['stats'] as { predictions: Record<string, number> }).predictions).reduce(
      (a, b) => a + b,
      0,
    );
    await waitFor(`${produced} rows in predictions`, async () => {
      const [row] = await queryRows<{ n: string }>(db.client, 'SELECT count() AS n FROM predictions FINAL');
      return Number(row?.n) === produced;
    });
    const [dupes] = await queryRows<{ n: string }>(
      db.client,
      'SELECT count() AS n FROM (SELECT event_id, model_version, count() AS c FROM predictions FINAL GROUP BY event_id, model_version HAVING c > 1)',
    );
    expect(Number(dupes?.n)).toBe(0);
    const after = await call('GET', api('/v1/inference/status'));
    expect(after.body['prediction_log']).toMatchObject({ written: produced, dropped: 0 });
  });
});
