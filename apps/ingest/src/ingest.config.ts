import { type Env, kafkaEnv, kafkaSettings, loadConfig, portEnv, serviceEnv, serviceSettings } from '@mlops/config';
import { z } from 'zod';

const schema = z.object({ ...serviceEnv, ...portEnv(3001), ...kafkaEnv }).transform((env) => ({
  service: serviceSettings(env),
  kafka: kafkaSettings(env, 'ingest'),
}));

export type IngestConfig = z.output<typeof schema>;

/** Parses ingest's environment; every bad variable is reported at once. */
export const loadIngestConfig = (env: Env = process.env): Readonly<IngestConfig> => loadConfig('ingest', schema, env);
