/**
 * Addresses of the real local servers that integration specs use (started by
 * `infra/local/servers.sh start`); overridable with the same variables as the services.
 */
export const localServers = {
  kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
  schemaRegistryUrl: process.env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
  redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  clickhouseUrl: process.env['CLICKHOUSE_URL'] ?? 'http://127.0.0.1:8123',
} as const;

/** The environment a service needs to run against the local servers. */
export function serviceEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: localServers.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: localServers.schemaRegistryUrl,
    REDIS_URL: localServers.redisUrl,
    CLICKHOUSE_URL: localServers.clickhouseUrl,
    LOG_LEVEL: 'info',
    ...overrides,
  };
}

/** A name no other run or spec uses: topics, groups, databases. */
export function uniqueName(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${Date.now().toString(36)}-${random}`;
}

/** Same, as a ClickHouse identifier. */
export function uniqueIdentifier(prefix: string): string {
  return uniqueName(prefix).replace(/-/g, '_');
}
