// Applies the numbered ClickHouse migrations in infra/clickhouse/migrations, each once.
// Usage: node -r @swc-node/register scripts/migrate.ts   (reads CLICKHOUSE_* like the services)
import { join } from 'node:path';
import { clickhouseEnv, clickhouseSettings, loadConfig } from '@mlops/config';
import { createClickHouse, runMigrations } from '@mlops/clickhouse';
import { createLogger } from '@mlops/observability';
import { z } from 'zod';

const logger = createLogger('migrate');

async function main(): Promise<void> {
  const config = loadConfig('migrate', z.object(clickhouseEnv).transform(clickhouseSettings), process.env);
  const server = createClickHouse({ ...config, database: 'default' }, logger);
  const db = createClickHouse(config, logger);
  try {
    const report = await runMigrations(server, db, config.database, join(__dirname, '..', 'infra', 'clickhouse', 'migrations'));
    logger.info({ database: config.database, applied: report.applied, alreadyApplied: report.alreadyApplied.length }, 'migrations done');
  } finally {
    await Promise.all([server.close(), db.close()]);
  }
}

main().catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, 'migration failed');
  process.exit(1);
});
