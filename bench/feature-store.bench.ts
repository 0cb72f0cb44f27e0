// Online lookups of the feature store over HTTP at fixed offered rates, against raw Redis reads of
// the same bytes from the benchmark process, in the same run on the same machine.
// Usage: npm run bench:feature-store [-- --rates 100,200,1000,2000,5000 --batch-rates 100,200,500,1000 --seconds 10]
// Starts its own feature-store process (FEATURE_STORE_EXTRA_VIEWS=bench: a 50-feature view) in a
// topic namespace of its own and seeds `--entities` vectors straight into Redis under the store's
// key layout; the local servers must be up (npm run servers -- start).
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { encodeVector, userTransactionsV1, type FeatureView } from '@mlops/features';
import { createRedis, type Redis } from '@mlops/redis';
import { KafkaTestKit, ServiceProcess, createFeatureTopics, localServers, serviceEnv, uniqueName } from '@mlops/testing';
import { onlineKey } from '../apps/feature-store/src/online/online-key';
import { benchWideV1 } from '../apps/feature-store/src/views/extra-views';
import { runOpenLoop, type StepResult } from './lib/open-loop';
import { fmt, markdownTable, quantile } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '100,200,1000,2000,5000' },
    'batch-rates': { type: 'string', default: '100,200,500,1000' },
    seconds: { type: 'string', default: '10' },
    entities: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '100' },
    /** Sustained = every request answered, ≥ 98 % of the offered rate achieved, p99 under this. (ms) */
    'max-p99': { type: 'string', default: '50' },
    port: { type: 'string', default: '13391' },
  },
});
const list = (text: string) => text.split(',').map(Number);
const seconds = Number(args.seconds);
const entityCount = Number(args.entities);
const batchSize = Number(args.batch);
const maxP99 = Number(args['max-p99']);
const port = Number(args.port);

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One HTTP request whose body is read to the end; true on 200. */
function call(method: 'GET' | 'POST', path: string, body?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const headers = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

async function fetchJson(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
  const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
  if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

const entityId = (i: number) => `user-${i}`;

/** Writes `count` vectors of `view` under the store's keys, event times within the last hour. */
async function seed(redis: Redis, namespace: string, view: FeatureView, count: number): Promise<void> {
  const now = Date.now();
  for (let start = 0; start < count; start += 1_000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(count, start + 1_000); i += 1) {
      const values = view.outputNames.map((_, f) => (f % 10 === 9 ? null : (i * 31 + f) / 7));
      const value = encodeVector({ eventTime: now - (i % 3_600) * 1_000, computedAt: now, values });
      pipeline.set(onlineKey(namespace, view.name, view.version, entityId(i)), value, 'PX', 3_600_000);
    }
    await pipeline.exec();
  }
}

/**
 * One open-loop step. Latency counts from the earlier of the scheduled and the actual start: a
 * start delayed by a busy load generator still counts from its schedule (no coordinated omission),
 * and one that open-loop.ts started up to 1 ms early counts from when it really began (measured
 * from the schedule, sub-millisecond Redis reads would come out negative).
 */
async function step(rate: number, stepSeconds: number, operation: () => Promise<boolean>): Promise<StepResult> {
  const latencies: number[] = [];
  let first: number | undefined;
  const result = await runOpenLoop({
    eventsPerSecond: rate,
    seconds: stepSeconds,
    unitsPerOperation: 1,
    operation: async (index) => {
      const startedAt = performance.now();
      first ??= startedAt;
      const scheduled = first + (index * 1_000) / rate;
      const ok = await operation();
      if (ok) latencies.push(performance.now() - Math.min(scheduled, startedAt));
      return ok;
    },
  });
  return { ...result, latencies };
}

/** A random entity per operation, so lookups spread over the whole key space. */
const randomEntity = () => Math.floor(Math.random() * entityCount);
const randomBatch = () => Array.from({ length: batchSize }, randomEntity);

const row = (name: string, r: StepResult) => [
  name,
  String(r.offeredPerSecond),
  fmt(r.achievedPerSecond, 0),
  fmt(quantile(r.latencies, 0.5)),
  fmt(quantile(r.latencies, 0.99)),
  String(r.errors),
];
const ratio = (rate: number, store: StepResult, raw: StepResult) => [
  String(rate),
  fmt(quantile(store.latencies, 0.5) / quantile(raw.latencies, 0.5)),
  fmt(quantile(store.latencies, 0.99) / quantile(raw.latencies, 0.99)),
];
const sustained = (r: StepResult) =>
  r.errors === 0 && r.achievedPerSecond >= 0.98 * r.offeredPerSecond && quantile(r.latencies, 0.99) < maxP99;

interface Comparison {
  readonly rows: string[][];
  readonly ratios: string[][];
}

async function compare(
  rates: readonly number[],
  label: [string, string],
  viaStore: () => Promise<boolean>,
  raw: () => Promise<boolean>,
): Promise<Comparison> {
  const rows: string[][] = [];
  const ratios: string[][] = [];
  for (const rate of rates) {
    const store = await step(rate, seconds, viaStore);
    const baseline = await step(rate, seconds, raw);
    rows.push(row(label[0], store), row(label[1], baseline));
    ratios.push(ratio(rate, store, baseline));
    process.stderr.write(`${label[0]} at ${rate}/s done\n`);
  }
  return { rows, ratios };
}

/** Steps the offered rate up until a step is not sustained; returns every step run. */
async function stepUp(label: string, rates: readonly number[], operation: () => Promise<boolean>): Promise<string[][]> {
  const rows: string[][] = [];
  for (const rate of rates) {
    const result = await step(rate, Math.min(seconds, 5), operation);
    rows.push([...row(label, result), sustained(result) ? 'yes' : 'no']);
    process.stderr.write(`${label} step ${rate}/s done\n`);
    if (!sustained(result)) break;
  }
  return rows;
}

async function memory(redis: Redis, namespace: string, view: FeatureView): Promise<string[]> {
  const sample = Array.from({ length: 200 }, (_, i) => onlineKey(namespace, view.name, view.version, entityId(i)));
  const usage = await Promise.all(sample.map((key) => redis.memory('USAGE', key)));
  const packed = usage.reduce<number>((sum, bytes) => sum + Number(bytes ?? 0), 0) / sample.length;
  // The layout we did not choose, for comparison: one hash field per feature (as text) plus the event time.
  const hashKeys = sample.slice(0, 50).map((key) => `${key}:hash-layout`);
  const pipeline = redis.pipeline();
  hashKeys.forEach((key, i) => {
    const fields = Object.fromEntries(view.outputNames.map((name, f) => [name, String((i * 31 + f) / 7)]));
    pipeline.hset(key, { ...fields, _event_time: String(Date.now()) });
  });
  await pipeline.exec();
  const hashUsage = await Promise.all(hashKeys.map((key) => redis.memory('USAGE', key)));
  await redis.del(...hashKeys);
  const hash = hashUsage.reduce<number>((sum, bytes) => sum + Number(bytes ?? 0), 0) / hashKeys.length;
  const raw = 8 * view.outputNames.length;
  return [
    `${view.name} (${view.outputNames.length})`,
    String(raw),
    String(19 + raw),
    fmt(packed, 0),
    fmt(packed / raw),
    fmt(hash, 0),
    fmt(hash / raw),
  ];
}

async function main(): Promise<void> {
  const namespace = uniqueName('bench');
  const kit = await KafkaTestKit.connect();
  await createFeatureTopics(kit, namespace, [userTransactionsV1.name, 'merchant_transactions', benchWideV1.name]);
  const redis = createRedis({ url: localServers.redisUrl });
  await seed(redis, namespace, benchWideV1, entityCount);
  await seed(redis, namespace, userTransactionsV1, entityCount);
  const store = ServiceProcess.start(
    'feature-store',
    port,
    serviceEnv({ TOPIC_NAMESPACE: namespace, FEATURE_STORE_EXTRA_VIEWS: 'bench', LOG_LEVEL: 'warn' }),
  );

  const wide = benchWideV1;
  const key = (view: FeatureView, i: number) => onlineKey(namespace, view.name, view.version, entityId(i));
  const one = (view: FeatureView) => () => call('GET', `/v1/features/${view.name}/${entityId(randomEntity())}`);
  const rawOne = (view: FeatureView) => async () => (await redis.getBuffer(key(view, randomEntity()))) !== null;
  const many = () => call('POST', `/v1/features/${wide.name}/lookup`, JSON.stringify({ entities: randomBatch().map(entityId) }));
  const rawMany = async () => (await redis.mgetBuffer(randomBatch().map((i) => key(wide, i)))).every((v) => v !== null);

  try {
    await store.waitReady();
    // The answers are what was seeded, before anything is timed.
    const probe = await fetchJson('POST', `/v1/features/${wide.name}/lookup`, { entities: [entityId(0), entityId(1)] });
    const results = probe['results'] as { status: string; features: Record<string, { value: number | null }> }[];
    if (results.some((r) => r.status !== 'present') || results[1]?.features['amount_lag_1']?.value !== 31 / 7)
      throw new Error(`unexpected answer: ${JSON.stringify(probe).slice(0, 300)}`);
    // Warm both paths (JIT, connections) before measuring.
    await runOpenLoop({ eventsPerSecond: 500, seconds: 2, unitsPerOperation: 1, operation: one(wide) });
    await runOpenLoop({ eventsPerSecond: 50, seconds: 2, unitsPerOperation: 1, operation: many });
    await runOpenLoop({ eventsPerSecond: 500, seconds: 2, unitsPerOperation: 1, operation: rawOne(wide) });

    const single = await compare(list(args.rates), ['store GET 1×50 (HTTP)', 'raw Redis GET'], one(wide), rawOne(wide));
    const narrow = await compare(
      [100, 1_000],
      ['store GET 1×29 (HTTP)', 'raw Redis GET'],
      one(userTransactionsV1),
      rawOne(userTransactionsV1),
    );
    const batch = await compare(list(args['batch-rates']), [`store lookup ${batchSize}×50 (HTTP)`, 'raw Redis MGET'], many, rawMany);
    const maxOne = await stepUp('store GET 1×50', [500, 1_000, 1_500, 2_000, 2_500, 3_000, 4_000, 5_000, 6_000, 8_000], one(wide));
    const maxMany = await stepUp(`store lookup ${batchSize}×50`, [50, 100, 150, 200, 300, 400, 600], many);
    const memoryRows = [await memory(redis, namespace, wide), await memory(redis, namespace, userTransactionsV1)];

    const header = ['path', 'offered req/s', 'achieved req/s', 'p50 ms', 'p99 ms', 'errors'];
    console.log(
      `\nfeature-store benchmark: ${entityCount} entities per view, ${seconds} s per step, latency from scheduled send to full response (ms)`,
    );
    console.log(
      `${cpus().length} cores shared by Kafka, registry, ClickHouse, Redis, the store and this load generator; Node ${process.version}\n`,
    );
    console.log('**(a) one entity, all 50 features** — anchor: Feast (Java server) p99 0.8 ms at ~100 req/s\n');
    console.log(markdownTable(header, single.rows));
    console.log('\nratio store / raw Redis GET\n');
    console.log(markdownTable(['offered req/s', 'p50 ratio', 'p99 ratio'], single.ratios));
    console.log('\n**one entity of the bundled 29-feature view `user_transactions`**\n');
    console.log(markdownTable(header, narrow.rows));
    console.log(`\n**(b) ${batchSize} entities × 50 features in one request** — anchor: Feast (Java server) p99 17 ms at ~100 req/s\n`);
    console.log(markdownTable(header, batch.rows));
    console.log('\nratio store / raw Redis MGET\n');
    console.log(markdownTable(['offered req/s', 'p50 ratio', 'p99 ratio'], batch.ratios));
    console.log(`\n**(c) highest sustained rate** (every request answered, ≥ 98 % of offered achieved, p99 < ${maxP99} ms; 5 s steps)\n`);
    console.log(markdownTable([...header, 'sustained'], [...maxOne, ...maxMany]));
    console.log(
      '\n**(d) Redis memory per entity** (`MEMORY USAGE`, mean of 200 keys; hash layout: one field per feature as text, 50 keys)\n',
    );
    console.log(
      markdownTable(
        ['view (features)', 'raw payload B', 'packed value B', 'packed key B', 'packed / raw', 'hash key B', 'hash / raw'],
        memoryRows,
      ),
    );
  } finally {
    await store.stop();
    const keys = await redis.keys(`fs:${namespace}:*`);
    for (let i = 0; i < keys.length; i += 1_000) await redis.del(...keys.slice(i, i + 1_000));
    await redis.quit();
    await kit.close();
    agent.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
