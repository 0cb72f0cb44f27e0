import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const httpUrl = z.string().regex(/^https?:\/\/\S+$/, 'expected an http(s) URL');

/**
 * A comma-separated list of items (blanks around commas and empty items ignored), each checked by
 * `item`; with `atLeastOne`, an empty list is refused with that message.
 */
export const commaSeparated = <T extends z.ZodType<unknown, string>>(item: T, options: { readonly atLeastOne?: string } = {}) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(options.atLeastOne === undefined ? z.array(item) : z.array(item).min(1, options.atLeastOne));

const hostPorts = commaSeparated(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port'), {
  atLeastOne: 'expected at least one host:port',
});

/** Prefix of every topic and consumer group (`<ns>.events.transactions`): isolates tenants and test runs. */
export const topicNamespaceEnv = {
  TOPIC_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected lowercase letters, digits, "_" or "-"')
    .optional(),
};

/** Env variables shared by every service. Names match docker-compose.yml and infra/local. */
export const serviceEnv = {
  SERVICE_HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  /** Longest a graceful shutdown may take before the process is forced out. @default 15000 (ms) */
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(15_000),
};

export const kafkaEnv = {
  KAFKA_BROKERS: hostPorts,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  ...topicNamespaceEnv,
  SCHEMA_REGISTRY_URL: httpUrl,
};

export const redisEnv = {
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, 'expected a redis:// URL'),
};

export const clickhouseEnv = {
  CLICKHOUSE_URL: httpUrl,
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a plain identifier')
    .default('mlops'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
};

export const portEnv = (defaultPort: number) => ({ PORT: port.default(defaultPort) });

export type KafkaSettings = { brokers: string[]; clientId: string; schemaRegistryUrl: string; topicNamespace: string };
export type RedisSettings = { url: string };
export type ClickHouseSettings = { url: string; database: string; username: string; password: string };

export function kafkaSettings(
  env: { KAFKA_BROKERS: string[]; KAFKA_CLIENT_ID?: string | undefined; SCHEMA_REGISTRY_URL: string; TOPIC_NAMESPACE?: string | undefined },
  service: string,
): KafkaSettings {
  return {
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? service,
    schemaRegistryUrl: env.SCHEMA_REGISTRY_URL,
    topicNamespace: env.TOPIC_NAMESPACE ?? '',
  };
}

export function clickhouseSettings(env: {
  CLICKHOUSE_URL: string;
  CLICKHOUSE_DATABASE: string;
  CLICKHOUSE_USER: string;
  CLICKHOUSE_PASSWORD: string;
}): ClickHouseSettings {
  return { url: env.CLICKHOUSE_URL, database: env.CLICKHOUSE_DATABASE, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD };
}

export type ServiceSettings = { host: string; port: number; logLevel: string; shutdownTimeoutMs: number };

export function serviceSettings(env: {
  SERVICE_HOST: string;
  PORT: number;
  LOG_LEVEL: string;
  SHUTDOWN_TIMEOUT_MS: number;
}): ServiceSettings {
  return { host: env.SERVICE_HOST, port: env.PORT, logLevel: env.LOG_LEVEL, shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS };
}
