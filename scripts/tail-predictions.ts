// Prints the newest predictions of a model straight from Kafka (Avro-decoded through the schema
// registry), the way a downstream consumer reads them.
// Usage: npm run predictions:tail [-- --model card_fraud --count 5 --shadow]
//   (reads KAFKA_BROKERS, SCHEMA_REGISTRY_URL, TOPIC_NAMESPACE)
import { parseArgs } from 'node:util';
import { BUNDLED_MODEL, namespaced, predictionTopic, shadowPredictionTopic, type Prediction } from '@mlops/contracts';
import { kafkaEnv, kafkaSettings, loadConfig } from '@mlops/config';
import { AvroSerde, createKafka, createSchemaRegistryClient } from '@mlops/kafka';
import { createLogger } from '@mlops/observability';
import { describeError } from '@mlops/util';
import { z } from 'zod';

const logger = createLogger('tail-predictions', 'warn');
const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: BUNDLED_MODEL },
    count: { type: 'string', default: '5' },
    shadow: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const config = loadConfig(
    'tail-predictions',
    z.object(kafkaEnv).transform((env) => kafkaSettings(env, 'tail-predictions')),
    process.env,
  );
  const count = Number(args.count);
  const topic = namespaced(config.topicNamespace, args.shadow ? shadowPredictionTopic(args.model) : predictionTopic(args.model));
  const kafka = createKafka(config, logger);
  const serde = new AvroSerde(createSchemaRegistryClient({ url: config.schemaRegistryUrl }));
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  // The newest `count` messages of each partition, then the newest `count` overall by prediction time.
  const starts = offsets.map((p) => ({
    partition: p.partition,
    from: BigInt(p.high) - BigInt(count),
    low: BigInt(p.low),
    high: BigInt(p.high),
  }));
  const expected = starts.reduce((n, p) => n + Number(p.high - (p.from > p.low ? p.from : p.low)), 0);
  const consumer = kafka.consumer({ groupId: `tail-predictions-${Date.now()}` });
  const seen: Prediction[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  const done = new Promise<void>((resolve) => {
    if (expected === 0) resolve();
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value !== null) seen.push(await serde.decode<Prediction>(topic, message.value));
        if (seen.length >= expected) resolve();
      },
    });
  });
  for (const p of starts) consumer.seek({ topic, partition: p.partition, offset: String(p.from > p.low ? p.from : p.low) });
  await done;
  await consumer.disconnect();
  const newest = seen.sort((a, b) => a.predicted_at - b.predicted_at).slice(-count);
  console.log(`${topic}: the newest ${newest.length} predictions`);
  for (const p of newest) {
    console.log(
      `  ${new Date(p.predicted_at).toISOString()}  ${p.entity_id.padEnd(10)} v${p.model_version} ${p.variant.padEnd(10)} ` +
        `score ${p.score.toFixed(4)}  latency ${p.latency_ms.toFixed(2)} ms  (${p.source}, event ${p.event_id})`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`tail-predictions failed: ${describeError(error)}`);
  process.exit(1);
});
