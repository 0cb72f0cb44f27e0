// Ingest throughput and latency at fixed offered rates over HTTP, against a bare kafkajs producer
// sending the same Avro bytes with acks=all, in the same run on the same machine.
// Usage: npm run bench:ingest [-- --rates 500,1000,2000 --batch 1 --seconds 10]
// Starts its own ingest process (archive off, so only HTTP → validation → Kafka is measured) in a
// topic namespace of its own; the local servers must be up (npm run servers -- start).
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { Topics, type Transaction } from '@mlops/contracts';
import { KafkaTestKit, ServiceProcess, createTopicNamespace, serviceEnv, uniqueName } from '@mlops/testing';
import { runOpenLoop, type StepResult } from './lib/open-loop';
import { fmt, markdownTable, quantile } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '250,500,1000,2000' },
    batch: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    port: { type: 'string', default: '13291' },
  },
});
const rates = args.rates.split(',').map(Number);
const batchSize = Number(args.batch);
const seconds = Number(args.seconds);

function event(run: string, n: number): Transaction {
  return {
    event_id: `${run}-${n}`,
    event_time: 1_767_225_600_000 + n,
    user_id: `user-${n % 997}`,
    card_id: `card-${n % 997}`,
    merchant_id: `merchant-${n % 101}`,
    merchant_category: 'grocery',
    amount: 5 + (n % 200),
    currency: 'EUR',
    country: 'DE',
    channel: 'pos',
    card_present: true,
    device_id: null,
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function postJson(port: number, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/events/transactions',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      },
    );
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

const row = (name: string, r: StepResult) => [
  name,
  String(r.offeredPerSecond),
  fmt(r.achievedPerSecond, 0),
  fmt(quantile(r.latencies, 0.5)),
  fmt(quantile(r.latencies, 0.99)),
  String(r.errors),
];

async function main(): Promise<void> {
  const namespace = uniqueName('bench');
  const kit = await KafkaTestKit.connect();
  await createTopicNamespace(kit, namespace);
  const topic = `${namespace}.${Topics.transactions}`;
  const port = Number(args.port);
  const ingest = ServiceProcess.start(
    'ingest',
    port,
    serviceEnv({ TOPIC_NAMESPACE: namespace, INGEST_ARCHIVE: 'false', LOG_LEVEL: 'warn' }),
  );
  await ingest.waitReady();
  const bare = kit.kafka.producer({ allowAutoTopicCreation: false });
  await bare.connect();

  const rows: string[][] = [];
  const ratios: string[][] = [];
  let counter = 0;
  try {
    // Warm both paths (JIT, connections, schema caches) before measuring.
    await runOpenLoop({
      eventsPerSecond: 200,
      seconds: 2,
      unitsPerOperation: batchSize,
      operation: () => postJson(port, JSON.stringify(Array.from({ length: batchSize }, () => event(namespace, counter++)))),
    });
    for (const rate of rates) {
      const viaIngest = await runOpenLoop({
        eventsPerSecond: rate,
        seconds,
        unitsPerOperation: batchSize,
        operation: () => postJson(port, JSON.stringify(Array.from({ length: batchSize }, () => event(namespace, counter++)))),
      });
      const baseline = await runOpenLoop({
        eventsPerSecond: rate,
        seconds,
        unitsPerOperation: batchSize,
        operation: async () => {
          const events = Array.from({ length: batchSize }, () => event(namespace, counter++));
          const messages = await Promise.all(events.map(async (e) => ({ key: e.user_id, value: await kit.serde.encode(topic, e) })));
          await bare.send({ topic, acks: -1, messages });
          return true;
        },
      });
      rows.push(row('ingest (HTTP)', viaIngest), row('bare kafkajs', baseline));
      ratios.push([
        String(rate),
        fmt(quantile(viaIngest.latencies, 0.5) / quantile(baseline.latencies, 0.5)),
        fmt(quantile(viaIngest.latencies, 0.99) / quantile(baseline.latencies, 0.99)),
        fmt(viaIngest.achievedPerSecond / baseline.achievedPerSecond),
      ]);
      process.stderr.write(`rate ${rate}/s done\n`);
    }
  } finally {
    await bare.disconnect();
    await ingest.stop();
    await kit.close();
    agent.destroy();
  }
  console.log(
    `\ningest benchmark: ${batchSize} event(s) per request, ${seconds} s per step, latency from scheduled send to 200/ack (ms)\n`,
  );
  console.log(markdownTable(['path', 'offered ev/s', 'achieved ev/s', 'p50 ms', 'p99 ms', 'errors'], rows));
  console.log('\nratio ingest / bare kafkajs\n');
  console.log(markdownTable(['offered ev/s', 'p50 ratio', 'p99 ratio', 'throughput ratio'], ratios));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
