import { type Env, kafkaEnv, kafkaSettings, loadConfig, portEnv, redisEnv, serviceEnv, serviceSettings } from '@mlops/config';
import { z } from 'zod';

const schema = z.object({ ...serviceEnv, ...portEnv(3006), ...kafkaEnv, ...redisEnv }).transform((env) => ({
  service: serviceSettings(env),
  kafka: kafkaSettings(env, 'retrain-trigger'),
  redis: { url: env.REDIS_URL },
}));

export type RetrainTriggerConfig = z.output<typeof schema>;

/** Parses retrain-trigger's environment; every bad variable is reported at once. */
export const loadRetrainTriggerConfig = (env: Env = process.env): Readonly<RetrainTriggerConfig> =>
  loadConfig('retrain-trigger', schema, env);
