import { kafkaEnv, kafkaSettings, loadConfig, type Env, type KafkaSettings } from '@mlops/config';
import { z } from 'zod';

const schema = z.object(kafkaEnv).transform((env) => kafkaSettings(env, 'workload'));

/** Kafka and registry addresses for `--target kafka`: KAFKA_BROKERS, SCHEMA_REGISTRY_URL; KAFKA_CLIENT_ID and TOPIC_NAMESPACE optional. */
export const loadWorkloadKafkaConfig = (env: Env = process.env): Readonly<KafkaSettings> => loadConfig('workload', schema, env);
