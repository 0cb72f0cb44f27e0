import {
  clickhouseEnv,
  clickhouseSettings,
  type Env,
  kafkaEnv,
  kafkaSettings,
  loadConfig,
  portEnv,
  serviceEnv,
  serviceSettings,
} from '@mlops/config';
import { z } from 'zod';

const schema = z.object({ ...serviceEnv, ...portEnv(3005), ...kafkaEnv, ...clickhouseEnv }).transform((env) => ({
  service: serviceSettings(env),
  kafka: kafkaSettings(env, 'drift-detector'),
  clickhouse: clickhouseSettings(env),
}));

export type DriftDetectorConfig = z.output<typeof schema>;

/** Parses drift-detector's environment; every bad variable is reported at once. */
export const loadDriftDetectorConfig = (env: Env = process.env): Readonly<DriftDetectorConfig> => loadConfig('drift-detector', schema, env);
