import {
  clickhouseEnv,
  clickhouseSettings,
  type Env,
  kafkaEnv,
  kafkaSettings,
  loadConfig,
  portEnv,
  redisEnv,
  serviceEnv,
  serviceSettings,
} from '@mlops/config';
import { z } from 'zod';

const schema = z.object({ ...serviceEnv, ...portEnv(3003), ...kafkaEnv, ...redisEnv, ...clickhouseEnv }).transform((env) => ({
  service: serviceSettings(env),
  kafka: kafkaSettings(env, 'feature-store'),
  redis: { url: env.REDIS_URL },
  clickhouse: clickhouseSettings(env),
}));

export type FeatureStoreConfig = z.output<typeof schema>;

/** Parses feature-store's environment; every bad variable is reported at once. */
export const loadFeatureStoreConfig = (env: Env = process.env): Readonly<FeatureStoreConfig> => loadConfig('feature-store', schema, env);
