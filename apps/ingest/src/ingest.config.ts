import {
  clickhouseEnv,
  clickhouseSettings,
  kafkaEnv,
  kafkaSettings,
  loadConfig,
  portEnv,
  redisEnv,
  serviceEnv,
  serviceSettings,
  type Env,
} from '@mlops/config';
import { z } from 'zod';
import type { IngestSettings } from './ingest.settings';

const positiveInt = z.coerce.number().int().positive();

const schema = z
  .object({
    ...serviceEnv,
    ...portEnv(3001),
    ...kafkaEnv,
    ...redisEnv,
    ...clickhouseEnv,
    /** @default 4 MiB */
    INGEST_MAX_BODY_BYTES: positiveInt.default(4 * 1024 * 1024),
    INGEST_MAX_EVENTS: positiveInt.default(10_000),
    /** @default 16 MiB */
    INGEST_MAX_INFLIGHT_BYTES: positiveInt.default(16 * 1024 * 1024),
    /** @default 86400 (s) */
    INGEST_DEDUP_WINDOW_S: positiveInt.default(86_400),
    /** Comma-separated; unset or empty leaves the endpoint open (the local demo). */
    INGEST_API_KEYS: z.string().optional(),
    INGEST_ARCHIVE: z.enum(['true', 'false']).default('true'),
  })
  .transform((env) => ({
    service: serviceSettings(env),
    kafka: kafkaSettings(env, 'ingest'),
    redis: { url: env.REDIS_URL },
    clickhouse: clickhouseSettings(env),
    ingest: {
      maxBodyBytes: env.INGEST_MAX_BODY_BYTES,
      maxEvents: env.INGEST_MAX_EVENTS,
      maxInFlightBytes: env.INGEST_MAX_INFLIGHT_BYTES,
      dedupWindowMs: env.INGEST_DEDUP_WINDOW_S * 1000,
      apiKeys: (env.INGEST_API_KEYS ?? '')
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key.length > 0),
      archive: env.INGEST_ARCHIVE === 'true',
    } satisfies IngestSettings,
  }));

export type IngestConfig = z.output<typeof schema>;

/** Parses ingest's environment; every bad variable is reported at once. */
export const loadIngestConfig = (env: Env = process.env): Readonly<IngestConfig> => loadConfig('ingest', schema, env);
