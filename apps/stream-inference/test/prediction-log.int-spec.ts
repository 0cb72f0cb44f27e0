import { createServer, connect, type Server, type Socket } from 'node:net';
import { ClickHouseService } from '@mlops/clickhouse';
import {
  DlqHeaders,
  dlqTopic,
  inNamespace,
  predictionTopicContract,
  shadowPredictionTopicContract,
  type Prediction,
  type TopicContract,
} from '@mlops/contracts';
import { KafkaService, MissingTopicsError, ensureTopics, registerContracts } from '@mlops/kafka';
import { createLogger } from '@mlops/observability';
import { KafkaTestKit, createDatabase, localServers, queryRows, uniqueIdentifier, uniqueName, waitFor } from '@mlops/testing';
import { PredictionLogConsumer, type PredictionLogSettings } from '../src/prediction-log/prediction-log.consumer';

const MODEL = 'card_fraud';
const logger = createLogger('spec', process.env['SPEC_LOG_LEVEL'] ?? 'silent');

/** The prediction log as the service wires it, on its own namespace and ClickHouse URL. */
interface RunningLog {
  readonly consumer: PredictionLogConsumer;
  readonly group: string;
  stop(): Promise<void>;
}

function settings(models: readonly string[], logMaxRows: number): PredictionLogSettings {
  return { models, logMaxRows, logMaxDelayMs: 50, partitionsConsumedConcurrently: 3 };
}

/** Starts the consumer with the lifecycle Nest gives it; `stop` runs the shutdown hooks in Nest's order. */
async function startLog(namespace: string, database: string, clickhouseUrl: string, logMaxRows = 10_000): Promise<RunningLog> {
  const kafka = new KafkaService(
    {
      brokers: localServers.kafkaBrokers,
      clientId: uniqueName('spec-log'),
      schemaRegistryUrl: localServers.schemaRegistryUrl,
      topicNamespace: namespace,
    },
    logger,
  );
  const clickhouse = new ClickHouseService(
    { url: clickhouseUrl, database, username: 'default', password: '', requestTimeoutMs: 5_000 },
    logger,
  );
  const consumer = new PredictionLogConsumer(kafka, clickhouse, settings([MODEL], logMaxRows), logger);
  const stop = async () => {
    await kafka.onModuleDestroy();
    await consumer.beforeApplicationShutdown();
    await kafka.beforeApplicationShutdown();
    await clickhouse.onApplicationShutdown();
  };
  await kafka.onModuleInit();
  try {
    await consumer.onApplicationBootstrap();
  } catch (error) {
    await stop();
    throw error;
  }
  return { consumer, group: kafka.group('stream-inference-log'), stop };
}

/** The served and shadow prediction topics of MODEL (with .dlq twins) and their schemas, as deploys create them. */
async function createPredictionTopics(kit: KafkaTestKit, namespace: string): Promise<{ served: string; shadow: string }> {
  const contracts: TopicContract[] = [predictionTopicContract(MODEL), shadowPredictionTopicContract(MODEL)].map((c) =>
    inNamespace(namespace, c),
  );
  await ensureTopics(kit.admin, contracts, { partitions: 3 });
  await registerContracts(kit.registry, contracts);
  const [served, shadow] = contracts.map((c) => c.topic) as [string, string];
  return { served, shadow };
}

function prediction(run: string, i: number, variant: Prediction['variant'], overrides: Partial<Prediction> = {}): Prediction {
  const eventTime = Date.now() - 3_600_000 + i * 1_001;
  const version = variant === 'champion' ? '3' : variant === 'challenger' ? '4' : '5';
  return {
    event_id: `${run}-tx-${i}`,
    entity_id: `u-${i % 17}`,
    model_name: MODEL,
    model_version: version,
    variant,
    score: (i % 100) / 100 + Number(version) / 1_000 + 1e-9,
    event_time: eventTime,
    predicted_at: eventTime + 12,
    latency_ms: 0.25 + (i % 7) * 1.5,
    source: i % 5 === 0 ? 'request' : 'stream',
    features: [i + 0.1, null, 0.1 + 0.2, -123.456, i % 3 === 0 ? null : 1 / 3],
    ...overrides,
  };
}

const produce = (kit: KafkaTestKit, topic: string, predictions: readonly Prediction[]) =>
  kit.produce(topic, predictions, (p) => (p as Prediction).entity_id);

const countFinal = async (db: Awaited<ReturnType<typeof createDatabase>>) =>
  Number((await queryRows<{ n: string }>(db.client, 'SELECT count() AS n FROM predictions FINAL'))[0]?.n ?? 0);

/** Messages of `topics` the group has committed, summed over partitions. */
async function committedTotal(kit: KafkaTestKit, group: string, topics: readonly string[]): Promise<number> {
  let total = 0;
  for (const topic of topics) {
    total += Object.values(await kit.committed(group, topic)).reduce((sum, offset) => sum + Math.max(0, Number(offset)), 0);
  }
  return total;
}

interface LoggedRow {
  event_id: string;
  model_version: string;
  variant: string;
  source: string;
  entity_id: string;
  score: number;
  features: (number | null)[];
  event_time_ms: string;
  predicted_at_ms: string;
  latency_ms: number;
}

const asLogged = (p: Prediction) => ({
  event_id: p.event_id,
  model_version: p.model_version,
  variant: p.variant,
  source: p.source,
  entity_id: p.entity_id,
  score: p.score,
  features: p.features,
  event_time_ms: String(p.event_time),
  predicted_at_ms: String(p.predicted_at),
  latency_ms: p.latency_ms,
});

describe(PredictionLogConsumer.name, () => {
  let kit: KafkaTestKit;

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
  });

  afterAll(async () => {
    await kit.close();
  });

  describe('against a healthy ClickHouse', () => {
    const namespace = uniqueName('spec');
    const run = uniqueName('run');
    const database = uniqueIdentifier('spec_prediction_log');
    let db: Awaited<ReturnType<typeof createDatabase>>;
    let log: RunningLog;
    let topics: { served: string; shadow: string };

    beforeAll(async () => {
      topics = await createPredictionTopics(kit, namespace);
      db = await createDatabase(database);
      log = await startLog(namespace, database, localServers.clickhouseUrl);
    });

    afterAll(async () => {
      await log.stop();
      await db.drop();
    });

    it('logs each (event, model version) once, served and shadow, with the values produced', async () => {
      const served = Array.from({ length: 120 }, (_, i) => prediction(run, i, i % 4 === 3 ? 'challenger' : 'champion'));
      const shadow = Array.from({ length: 120 }, (_, i) => prediction(run, i, 'shadow', { score: 1 - i / 200 }));
      // At-least-once upstream: the same predictions again, as a replay would produce them.
      const replayed = [served.slice(0, 30), shadow.slice(50, 90)] as const;
      await produce(kit, topics.served, served);
      await produce(kit, topics.shadow, shadow);
      await produce(kit, topics.served, replayed[0]);
      await produce(kit, topics.shadow, replayed[1]);
      const producedCount = served.length + shadow.length + replayed[0].length + replayed[1].length;

      await waitFor(
        'every prediction committed',
        async () => (await committedTotal(kit, log.group, [topics.served, topics.shadow])) >= producedCount,
      );
      expect(await countFinal(db)).toBe(served.length + shadow.length);
      const rows = await queryRows<LoggedRow>(
        db.client,
        `SELECT event_id, model_version, variant, source, entity_id, score, features, event_time_ms, predicted_at_ms, latency_ms
         FROM predictions FINAL ORDER BY event_id, model_version`,
      );
      const expected = [...served, ...shadow]
        .map(asLogged)
        .sort((a, b) => (a.event_id === b.event_id ? a.model_version.localeCompare(b.model_version) : a.event_id < b.event_id ? -1 : 1));
      expect(rows).toEqual(expected);
      expect(rows.filter((row) => row.variant === 'shadow' && row.model_version === '5')).toHaveLength(shadow.length);

      expect(log.consumer.stats.consumed).toBe(producedCount);
      expect(log.consumer.stats.written).toBe(producedCount);
      expect(log.consumer.stats.deadLettered).toBe(0);
      expect(log.consumer.stats.dropped).toBe(0);
    });

    it('keeps per-minute counts and latency and score digests for dashboards', async () => {
      const [minutes] = await queryRows<{ n: string; p50: number[]; scores: number[] }>(
        db.client,
        `SELECT countMerge(prediction_count) AS n,
                quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(latency_ms_digest) AS p50,
                quantilesTDigestMerge(0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99)(score_digest) AS scores
         FROM prediction_minutes WHERE variant = 'shadow'`,
      );
      // Filled on insert: the 40 replayed shadow predictions are counted again.
      expect(Number(minutes?.n)).toBe(160);
      expect(minutes?.p50).toHaveLength(4);
      for (const quantile of minutes?.p50 ?? []) expect(quantile).toBeGreaterThanOrEqual(0.25);
      for (const quantile of minutes?.scores ?? []) expect(quantile).toBeGreaterThan(0.4);
    });

    it('dead-letters a NaN score and an empty event id with the reason, and logs the predictions after them', async () => {
      const before = await countFinal(db);
      const entity = { entity_id: 'u-dlq' };
      const batch = [
        prediction(run, 1_000, 'champion', entity),
        prediction(run, 1_001, 'champion', { ...entity, score: Number.NaN }),
        prediction(run, 1_002, 'champion', { ...entity, event_id: '' }),
        prediction(run, 1_003, 'champion', entity),
      ];
      await produce(kit, topics.served, batch);

      const dead = await kit.readRaw(dlqTopic(topics.served), 2);
      const reasons = dead.map((message) => message.headers?.[DlqHeaders.error]?.toString() ?? '');
      expect(reasons).toEqual([expect.stringContaining('score NaN is not a finite number'), expect.stringContaining('event_id is blank')]);
      expect(dead.map((message) => message.headers?.[DlqHeaders.sourceTopic]?.toString())).toEqual([topics.served, topics.served]);

      await waitFor('the valid predictions logged', async () => (await countFinal(db)) === before + 2);
      const ids = await queryRows<{ event_id: string }>(
        db.client,
        `SELECT event_id FROM predictions FINAL WHERE entity_id = 'u-dlq' ORDER BY event_id`,
      );
      expect(ids.map((row) => row.event_id)).toEqual([`${run}-tx-1000`, `${run}-tx-1003`]);
      await waitFor('the batch committed', () => log.consumer.stats.deadLettered === 2);
      expect(log.consumer.stats.dropped).toBe(0);
    });
  });

  it('refuses to start when the prediction topics do not exist, naming them', async () => {
    const namespace = uniqueName('spec-none');
    const started = startLog(namespace, 'default', localServers.clickhouseUrl);
    await expect(started).rejects.toBeInstanceOf(MissingTopicsError);
    await expect(started).rejects.toMatchObject({
      topics: [
        `${namespace}.predictions.${MODEL}`,
        `${namespace}.predictions.${MODEL}.dlq`,
        `${namespace}.predictions.${MODEL}.shadow`,
        `${namespace}.predictions.${MODEL}.shadow.dlq`,
      ],
    });
  });

  it('commits nothing past what ClickHouse has through an outage, and logs all 2,000 predictions after it', async () => {
    const namespace = uniqueName('spec');
    const run = uniqueName('run');
    const database = uniqueIdentifier('spec_prediction_log_outage');
    const db = await createDatabase(database);
    const proxy = await ClickHouseProxy.start(new URL(localServers.clickhouseUrl));
    const topics = await createPredictionTopics(kit, namespace);
    const log = await startLog(namespace, database, proxy.url, 200);
    const all = [topics.served, topics.shadow];
    const chunk = (from: number, to: number) =>
      Promise.all([
        produce(
          kit,
          topics.served,
          Array.from({ length: (to - from) / 2 }, (_, i) => prediction(run, from / 2 + i, 'champion')),
        ),
        produce(
          kit,
          topics.shadow,
          Array.from({ length: (to - from) / 2 }, (_, i) => prediction(run, from / 2 + i, 'shadow')),
        ),
      ]);
    try {
      await chunk(0, 600);
      await waitFor('part of the stream logged', async () => (await countFinal(db)) > 0);

      await proxy.stop();
      await chunk(600, 1_400);
      await waitFor('the log to fail writing', () => log.consumer.stats.consumed > log.consumer.stats.written, { timeoutMs: 15_000 });
      const stalled = log.consumer.stats.written;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // ClickHouse is read directly here, around the stopped proxy.
      const logged = await countFinal(db);
      expect(logged).toBeLessThanOrEqual(600);
      expect(await committedTotal(kit, log.group, all)).toBeLessThanOrEqual(logged);
      expect(log.consumer.stats.written).toBe(stalled);
      expect(log.consumer.stats.consumed).toBeGreaterThan(stalled);

      await proxy.restart();
      await chunk(1_400, 2_000);
      await waitFor('every prediction committed', async () => (await committedTotal(kit, log.group, all)) >= 2_000, { timeoutMs: 45_000 });
      expect(await countFinal(db)).toBe(2_000);
      expect(log.consumer.stats.written).toBe(2_000);
      expect(log.consumer.stats.deadLettered).toBe(0);
      expect(log.consumer.stats.dropped).toBe(0);
    } finally {
      await log.stop();
      await proxy.stop();
      await db.drop();
    }
  });
});

/** A TCP forwarder in front of ClickHouse that can refuse connections and cut open ones, standing in for an outage. */
class ClickHouseProxy {
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;

  private constructor(
    private readonly upstream: URL,
    private port: number,
  ) {}

  static async start(upstream: URL): Promise<ClickHouseProxy> {
    const proxy = new ClickHouseProxy(upstream, 0);
    await proxy.restart();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens again on the same port. */
  async restart(): Promise<void> {
    const server = createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
    this.port = address.port;
    this.server = server;
  }

  /** Stops listening and destroys every open connection, mid-request or idle. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private forward(client: Socket): void {
    const upstream = connect(Number(this.upstream.port), this.upstream.hostname);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      // A cut connection errors on both ends; closing one closes the other, which is all the proxy does about it.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
