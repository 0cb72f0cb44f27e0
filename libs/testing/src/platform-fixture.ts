import { join } from 'node:path';
import { createClickHouse, runMigrations, type ClickHouse } from '@mlops/clickhouse';
import { BUNDLED_MODEL, FixedTopicContracts, inNamespace, modelTopicContracts } from '@mlops/contracts';
import { FeatureViews, viewTopicContracts } from '@mlops/features';
import { ensureTopics, registerContracts } from '@mlops/kafka';
import { createLogger } from '@mlops/observability';
import type { KafkaTestKit } from './kafka-test-kit';
import { localServers } from './local-servers';

const silentLogger = createLogger('spec', 'silent');
const MIGRATIONS = join(__dirname, '..', '..', '..', 'infra', 'clickhouse', 'migrations');

/** The platform's topics (feature views' included) and schemas inside a namespace of their own, as `scripts/register-schemas.ts` makes them. */
export async function createTopicNamespace(
  kit: KafkaTestKit,
  namespace: string,
  models: readonly string[] = [BUNDLED_MODEL],
): Promise<void> {
  const contracts = [...FixedTopicContracts, ...viewTopicContracts(FeatureViews), ...models.flatMap(modelTopicContracts)].map((contract) =>
    inNamespace(namespace, contract),
  );
  await ensureTopics(kit.admin, contracts);
  await registerContracts(kit.registry, contracts);
}

/** A ClickHouse database of its own with every migration applied; `drop()` removes it. */
export async function createDatabase(database: string): Promise<{ client: ClickHouse; drop(): Promise<void> }> {
  const settings = { url: localServers.clickhouseUrl, username: 'default', password: '' };
  const server = createClickHouse({ ...settings, database: 'default' }, silentLogger);
  const client = createClickHouse({ ...settings, database }, silentLogger);
  await runMigrations(server, client, database, MIGRATIONS);
  return {
    client,
    drop: async () => {
      await server.command({ query: `DROP DATABASE IF EXISTS ${database}` });
      await Promise.all([server.close(), client.close()]);
    },
  };
}

/** Rows of a query as objects (JSONEachRow). */
export async function queryRows<T>(client: ClickHouse, query: string): Promise<T[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<T>();
}
