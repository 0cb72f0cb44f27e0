export { ConfigError } from './config-error';
export { loadConfig, type Env } from './load-config';
export {
  clickhouseEnv,
  clickhouseSettings,
  commaSeparated,
  kafkaEnv,
  kafkaSettings,
  portEnv,
  redisEnv,
  serviceEnv,
  serviceSettings,
  topicNamespaceEnv,
  type ServiceSettings,
  type ClickHouseSettings,
  type KafkaSettings,
  type RedisSettings,
} from './env-fragments';
export { FlagChecker, UsageError, parseArgsOrExplain } from './usage-error';
