import {
  clickhouseEnv,
  clickhouseSettings,
  commaSeparated,
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
import type { FeatureStoreSettings } from './feature-store.settings';
import { ExtraViewSets } from './views/extra-views';

const positiveInt = z.coerce.number().int().positive();

const schema = z
  .object({
    ...serviceEnv,
    ...portEnv(3003),
    ...kafkaEnv,
    ...redisEnv,
    ...clickhouseEnv,
    /** Most entities in one batch lookup; more get 413. @default 1000 */
    FEATURE_STORE_MAX_ENTITIES: positiveInt.max(100_000).default(1_000),
    /** Comma-separated extra view sets, e.g. `bench`. @default none */
    FEATURE_STORE_EXTRA_VIEWS: commaSeparated(z.enum(ExtraViewSets)).optional(),
    /** @default 3 */
    FEATURE_STORE_PARTITIONS_CONCURRENTLY: positiveInt.max(64).default(3),
  })
  .transform((env) => ({
    service: serviceSettings(env),
    kafka: kafkaSettings(env, 'feature-store'),
    redis: { url: env.REDIS_URL },
    clickhouse: clickhouseSettings(env),
    featureStore: {
      maxEntities: env.FEATURE_STORE_MAX_ENTITIES,
      extraViews: env.FEATURE_STORE_EXTRA_VIEWS ?? [],
      partitionsConsumedConcurrently: env.FEATURE_STORE_PARTITIONS_CONCURRENTLY,
    } satisfies FeatureStoreSettings,
  }));

export type FeatureStoreConfig = z.output<typeof schema>;

/** Parses feature-store's environment; every bad variable is reported at once. */
export const loadFeatureStoreConfig = (env: Env = process.env): Readonly<FeatureStoreConfig> => loadConfig('feature-store', schema, env);
