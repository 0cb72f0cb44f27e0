import { type Env, kafkaEnv, kafkaSettings, loadConfig, portEnv, redisEnv, serviceEnv, serviceSettings } from '@mlops/config';
import { z } from 'zod';

const schema = z.object({ ...serviceEnv, ...portEnv(3002), ...kafkaEnv, ...redisEnv }).transform((env) => ({
  service: serviceSettings(env),
  kafka: kafkaSettings(env, 'feature-transform'),
  redis: { url: env.REDIS_URL },
}));

export type FeatureTransformConfig = z.output<typeof schema>;

/** Parses feature-transform's environment; every bad variable is reported at once. */
export const loadFeatureTransformConfig = (env: Env = process.env): Readonly<FeatureTransformConfig> =>
  loadConfig('feature-transform', schema, env);
