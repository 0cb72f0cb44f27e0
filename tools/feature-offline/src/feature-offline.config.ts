import { clickhouseEnv, clickhouseSettings, loadConfig, topicNamespaceEnv, type ClickHouseSettings, type Env } from '@mlops/config';
import { z } from 'zod';

const schema = z
  .object({
    ...clickhouseEnv,
    /** TOPIC_NAMESPACE, the default of `--namespace`: the topic namespace whose archived events are read. */
    ...topicNamespaceEnv,
  })
  .transform((env) => ({ clickhouse: clickhouseSettings(env), topicNamespace: env.TOPIC_NAMESPACE ?? '' }));

export interface FeatureOfflineConfig {
  readonly clickhouse: ClickHouseSettings;
  readonly topicNamespace: string;
}

/** CLICKHOUSE_URL (required), CLICKHOUSE_DATABASE (default mlops), CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, TOPIC_NAMESPACE. */
export const loadFeatureOfflineConfig = (env: Env = process.env): Readonly<FeatureOfflineConfig> =>
  loadConfig('feature-offline', schema, env);
