import { kafkaEnv, kafkaSettings, loadConfig, portEnv, redisEnv, serviceEnv, serviceSettings, type Env } from '@mlops/config';
import { z } from 'zod';

const schema = z
  .object({
    ...serviceEnv,
    ...portEnv(3002),
    ...kafkaEnv,
    ...redisEnv,
    /** Comma-separated `name` or `name:version`; unset computes every bundled view's latest version. */
    FEATURE_VIEWS: z.string().optional(),
  })
  .transform((env) => ({
    service: serviceSettings(env),
    kafka: kafkaSettings(env, 'feature-transform'),
    redis: { url: env.REDIS_URL },
    views: (env.FEATURE_VIEWS ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  }));

export type FeatureTransformConfig = z.output<typeof schema>;

/** Parses feature-transform's environment; every bad variable is reported at once. */
export const loadFeatureTransformConfig = (env: Env = process.env): Readonly<FeatureTransformConfig> =>
  loadConfig('feature-transform', schema, env);
