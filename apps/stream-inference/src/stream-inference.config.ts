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

const schema = z.object({ ...serviceEnv, ...portEnv(3004), ...kafkaEnv, ...redisEnv, ...clickhouseEnv }).transform((env) => ({
  service: serviceSettings(env),
  kafka: kafkaSettings(env, 'stream-inference'),
  redis: { url: env.REDIS_URL },
  clickhouse: clickhouseSettings(env),
}));

export type StreamInferenceConfig = z.output<typeof schema>;

/** Parses stream-inference's environment; every bad variable is reported at once. */
export const loadStreamInferenceConfig = (env: Env = process.env): Readonly<StreamInferenceConfig> =>
  loadConfig('stream-inference', schema, env);
