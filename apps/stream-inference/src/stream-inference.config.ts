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
import type { InferenceSettings } from './stream-inference.settings';

const positiveInt = z.coerce.number().int().positive();
const modelName = z.string().regex(/^[a-z][a-z0-9_-]{0,99}$/, 'expected a model name (lowercase letters, digits, "_" or "-")');

const schema = z
  .object({
    ...serviceEnv,
    ...portEnv(3004),
    ...kafkaEnv,
    ...redisEnv,
    ...clickhouseEnv,
    /** Comma-separated model names this instance scores. @default card_fraud */
    INFERENCE_MODELS: commaSeparated(modelName, { atLeastOne: 'expected at least one model name' }).default(['card_fraud']),
    /** Comma-separated feature views whose topics are scored. @default user_transactions */
    INFERENCE_VIEWS: commaSeparated(modelName, { atLeastOne: 'expected at least one view name' }).default(['user_transactions']),
    MODEL_REGISTRY_DIR: z.string().min(1).default('.run/models'),
    INFERENCE_MAX_BATCH: positiveInt.max(100_000).default(256),
    INFERENCE_MAX_WAIT_MS: positiveInt.max(10_000).default(100),
    INFERENCE_ORT_THREADS: positiveInt.max(64).default(1),
    INFERENCE_PARTITIONS_CONCURRENTLY: positiveInt.max(64).default(3),
    FEATURE_STORE_URL: z
      .string()
      .regex(/^https?:\/\/\S+$/, 'expected an http(s) URL')
      .default('http://127.0.0.1:3003'),
    PREDICTION_LOG_MAX_ROWS: positiveInt.default(10_000),
    PREDICTION_LOG_MAX_DELAY_MS: positiveInt.default(200),
    MODEL_MAX_ARTIFACT_BYTES: positiveInt.default(64 * 1024 * 1024),
  })
  .transform((env) => ({
    service: serviceSettings(env),
    kafka: kafkaSettings(env, 'stream-inference'),
    redis: { url: env.REDIS_URL },
    clickhouse: clickhouseSettings(env),
    inference: {
      models: env.INFERENCE_MODELS,
      views: env.INFERENCE_VIEWS,
      registryDir: env.MODEL_REGISTRY_DIR,
      maxBatch: env.INFERENCE_MAX_BATCH,
      maxWaitMs: env.INFERENCE_MAX_WAIT_MS,
      ortThreads: env.INFERENCE_ORT_THREADS,
      partitionsConsumedConcurrently: env.INFERENCE_PARTITIONS_CONCURRENTLY,
      featureStoreUrl: env.FEATURE_STORE_URL.replace(/\/+$/, ''),
      logMaxRows: env.PREDICTION_LOG_MAX_ROWS,
      logMaxDelayMs: env.PREDICTION_LOG_MAX_DELAY_MS,
      maxArtifactBytes: env.MODEL_MAX_ARTIFACT_BYTES,
    } satisfies InferenceSettings,
  }));

export type StreamInferenceConfig = z.output<typeof schema>;

/** Parses stream-inference's environment; every bad variable is reported at once. */
export const loadStreamInferenceConfig = (env: Env = process.env): Readonly<StreamInferenceConfig> =>
  loadConfig('stream-inference', schema, env);
