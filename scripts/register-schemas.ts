// Creates the platform's topics (with their .dlq twins) and registers their Avro schemas with
// BACKWARD compatibility. Safe to run again: existing topics and unchanged schemas are left alone;
// an incompatible schema change fails with the subject and the registry's reason.
// Usage: node -r @swc-node/register scripts/register-schemas.ts
//   (reads KAFKA_BROKERS, SCHEMA_REGISTRY_URL, TOPIC_NAMESPACE, and INFERENCE_MODELS for the prediction topics; default card_fraud)
import { BUNDLED_MODEL, FixedTopicContracts, inNamespace, modelTopicContracts } from '@mlops/contracts';
import { FeatureViews, viewTopicContracts } from '@mlops/features';
import { kafkaEnv, kafkaSettings, loadConfig } from '@mlops/config';
import { createKafka, createSchemaRegistryClient, ensureTopics, registerContracts } from '@mlops/kafka';
import { createLogger } from '@mlops/observability';
import { describeError } from '@mlops/util';
import { z } from 'zod';

const logger = createLogger('register-schemas');

async function main(): Promise<void> {
  const config = loadConfig(
    'register-schemas',
    z.object(kafkaEnv).transform((env) => kafkaSettings(env, 'register-schemas')),
    process.env,
  );
  const admin = createKafka(config, logger).admin();
  await admin.connect();
  try {
    const models = (process.env['INFERENCE_MODELS'] ?? BUNDLED_MODEL)
      .split(',')
      .map((model) => model.trim())
      .filter((model) => model !== '');
    const contracts = [...FixedTopicContracts, ...viewTopicContracts(FeatureViews), ...models.flatMap(modelTopicContracts)].map(
      (contract) => inNamespace(config.topicNamespace, contract),
    );
    const created = await ensureTopics(admin, contracts);
    const registered = await registerContracts(createSchemaRegistryClient({ url: config.schemaRegistryUrl }), contracts);
    logger.info({ created, registered }, 'topics and schemas ready');
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  logger.fatal({ err: describeError(error) }, 'schema registration failed');
  process.exit(1);
});
