import { clickhouseEnv, clickhouseSettings, loadConfig, topicNamespaceEnv, type ClickHouseSettings, type Env } from '@mlops/config';
import { z } from 'zod';

const schema = z
  .object({
    ...clickhouseEnv,
    /** TOPIC_NAMESPACE, the default of `--namespace`: the topic namespace whose archived events the training set is built from. */
    ...topicNamespaceEnv,
  })
  .transform((env) => ({ clickhouse: clickhouseSettings(env), topicNamespace: env.TOPIC_NAMESPACE ?? '' }));

export interface TrainerConfig {
  readonly clickhouse: ClickHouseSettings;
  readonly topicNamespace: string;
  /** The environment the offline tool runs with: this process's own, so it reads the same ClickHouse. */
  readonly childEnv: Env;
}

/** CLICKHOUSE_URL (required), CLICKHOUSE_DATABASE (default mlops), CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, TOPIC_NAMESPACE. */
export const loadTrainerConfig = (env: Env = process.env): Readonly<TrainerConfig> =>
  Object.freeze({ ...loadConfig('trainer', schema, env), childEnv: { ...env } });
