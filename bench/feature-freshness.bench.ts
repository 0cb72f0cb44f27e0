// Freshness: event produced → its feature vector visible in Redis, at fixed event rates, through
// feature-transform and feature-store, against a bare pass-through in the same run (a kafkajs
// consumer that writes each event's time to Redis with one SET, no decoding of features, no
// windows): the cost of computing and serving features over merely moving an event to Redis.
// Usage: npm run bench:freshness [-- --rates 200,1000 --seconds 10 --sample 10]
// Starts its own feature-transform and feature-store in a topic namespace of their own; the
// local servers must be up (npm run servers -- start).
import { parseArgs } from 'node:util';
import { Topics, type Transaction } from '@mlops/contracts';
import { storedEventTime } from '@mlops/features';
import { createRedis, type Redis } from '@mlops/redis';
import {
  KafkaTestKit,
  ServiceProcess,
  createDatabase,
  createTopicNamespace,
  localServers,
  serviceEnv,
  uniqueIdentifier,
  uniqueName,
} from '@mlops/testing';
import { runOpenLoop } from './lib/open-loop';
import { fmt, markdownTable, quantile } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '200,1000' },
    seconds: { type: 'string', default: '10' },
    sample: { type: 'string', default: '10' },
  },
});
const rates = args.rates.split(',').map(Number);
const seconds = Number(args.seconds);
const sampleEvery = Number(args.sample);

/** Polls Redis for sampled events until each one's key holds its event time; one MGET per millisecond for all of them. */
class VisibilityProbe {
  private readonly pending = new Map<string, { key: string; eventTime: number; sentAt: number }>();
  readonly latencies: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly read: (value: Buffer) => number,
  ) {}

  watch(id: string, key: string, eventTime: number, sentAt: number): void {
    this.pending.set(id, { key, eventTime, sentAt });
    this.timer ??= setInterval(() => void this.poll(), 1);
  }

  private polling = false;
  private async poll(): Promise<void> {
    if (this.polling || this.pending.size === 0) return;
    this.polling = true;
    try {
      const entries = [...this.pending];
      const values = await this.redis.mgetBuffer(...entries.map(([, p]) => p.key));
      const now = performance.now();
      entries.forEach(([id, p], i) => {
        const value = values[i];
        if (value && this.read(value) >= p.eventTime) {
          this.latencies.push(now - p.sentAt);
          this.pending.delete(id);
        }
      });
    } finally {
      this.polling = false;
    }
  }

  async drain(timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(this.timer);
    this.timer = undefined;
    const lost = this.pending.size;
    this.pending.clear();
    return lost;
  }
}

async function main(): Promise<void> {
  const namespace = uniqueName('bench');
  const database = uniqueIdentifier('bench_freshness');
  const kit = await KafkaTestKit.connect();
  await createTopicNamespace(kit, namespace);
  const db = await createDatabase(database);
  const topic = `${namespace}.${Topics.transactions}`;
  const env = serviceEnv({ TOPIC_NAMESPACE: namespace, CLICKHOUSE_DATABASE: database, LOG_LEVEL: 'warn' });
  const services = [ServiceProcess.start('feature-transform', 13_601, env), ServiceProcess.start('feature-store', 13_602, env)];
  await Promise.all(services.map((s) => s.waitReady()));
  const redis = createRedis({ url: localServers.redisUrl });

  let n = 0;
  const clock0 = Date.UTC(2026, 0, 1);
  const send = async (probe: VisibilityProbe, key: (user: string) => string) => {
    n += 1;
    const user = `u${n % 5_000}`;
    const event: Transaction = {
      event_id: `${namespace}-${n}`,
      event_time: clock0 + n * 100,
      user_id: user,
      card_id: `c-${user}`,
      merchant_id: `m${n % 500}`,
      merchant_category: 'grocery',
      amount: 5 + (n % 90),
      currency: 'EUR',
      country: 'DE',
      channel: 'pos',
      card_present: true,
      device_id: null,
    };
    const sentAt = performance.now();
    if (n % sampleEvery === 0) probe.watch(event.event_id, key(user), event.event_time, sentAt);
    await kit.producer.send(topic, [{ key: user, value: await kit.serde.encode(topic, event) }]);
    return true;
  };

  const rows: string[][] = [];
  const ratios: string[][] = [];
  const pipelineKey = (user: string) => `fs:${namespace}:user_transactions:v1:${user}`;
  const passKey = (user: string) => `bench:${namespace}:${user}`;
  const pass = kit.kafka.consumer({ groupId: `${namespace}.pass-through` });
  try {
    // Warm the pipeline (JIT, group joins, connections) before measuring.
    const warm = new VisibilityProbe(redis, storedEventTime);
    await runOpenLoop({ eventsPerSecond: 200, seconds: 3, unitsPerOperation: 1, operation: () => send(warm, pipelineKey) });
    await warm.drain();

    const results = new Map<number, { pipeline: number[]; passThrough: number[]; lost: number }>();
    for (const rate of rates) {
      const probe = new VisibilityProbe(redis, storedEventTime);
      await runOpenLoop({ eventsPerSecond: rate, seconds, unitsPerOperation: 1, operation: () => send(probe, pipelineKey) });
      results.set(rate, { pipeline: probe.latencies, passThrough: [], lost: await probe.drain() });
      process.stderr.write(`pipeline at ${rate}/s done\n`);
    }

    // The baseline reads the same topic from here on, with a group of its own.
    await pass.connect();
    await pass.subscribe({ topics: [topic], fromBeginning: false });
    await pass.run({
      eachBatch: async ({ batch }) => {
        const pipeline = redis.pipeline();
        for (const m of batch.messages) {
          const event = await kit.serde.decode<Transaction>(topic, m.value as Buffer);
          const time = Buffer.alloc(9);
          time.writeDoubleLE(event.event_time, 1);
          pipeline.set(passKey(event.user_id), time);
        }
        await pipeline.exec();
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    for (const rate of rates) {
      const probe = new VisibilityProbe(redis, storedEventTime);
      await runOpenLoop({ eventsPerSecond: rate, seconds, unitsPerOperation: 1, operation: () => send(probe, passKey) });
      const lost = await probe.drain();
      const entry = results.get(rate)!;
      entry.passThrough = probe.latencies;
      entry.lost += lost;
      process.stderr.write(`pass-through at ${rate}/s done\n`);
    }

    for (const [rate, r] of results) {
      rows.push([
        'features (transform → store)',
        String(rate),
        String(r.pipeline.length),
        fmt(quantile(r.pipeline, 0.5)),
        fmt(quantile(r.pipeline, 0.99)),
      ]);
      rows.push([
        'bare consume → SET',
        String(rate),
        String(r.passThrough.length),
        fmt(quantile(r.passThrough, 0.5)),
        fmt(quantile(r.passThrough, 0.99)),
      ]);
      ratios.push([
        String(rate),
        fmt(quantile(r.pipeline, 0.5) / quantile(r.passThrough, 0.5)),
        fmt(quantile(r.pipeline, 0.99) / quantile(r.passThrough, 0.99)),
        String(r.lost),
      ]);
    }
  } finally {
    await pass.disconnect();
    await Promise.all(services.map((s) => s.stop()));
    redis.disconnect();
    await kit.close();
    await db.drop();
  }
  console.log(`\nfreshness: produce → visible in Redis, ${seconds} s per rate, 1 event in ${sampleEvery} sampled (ms)\n`);
  console.log(markdownTable(['path', 'offered ev/s', 'samples', 'p50 ms', 'p99 ms'], rows));
  console.log('\nratio features / bare pass-through\n');
  console.log(markdownTable(['offered ev/s', 'p50 ratio', 'p99 ratio', 'samples never visible'], ratios));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
