import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClickHouse } from './clickhouse-client';
import { toDateTime } from './datetime';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
  constructor(readonly migration: string) {
    super(`migration ${migration} was changed after it was applied; add a new migration instead of editing it`);
  }
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Splits a migration file into statements: `;` at the end of a line ends one; `--` lines are comments. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

export async function loadMigrations(directory: string): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((file) => FILE.test(file)).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const [, version, name] = FILE.exec(file) as RegExpExecArray;
    const sql = await readFile(join(directory, file), 'utf8');
    migrations.push({
      version: Number(version),
      name: name as string,
      statements: splitStatements(sql),
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  const versions = migrations.map((m) => m.version);
  const duplicate = versions.find((v, i) => versions.indexOf(v) !== i);
  if (duplicate !== undefined) throw new Error(`two migrations share version ${duplicate} in ${directory}`);
  return migrations;
}

/**
 * Applies numbered migrations in order, each once. `server` is a client on the `default`
 * database (to create the target database), `db` a client on the target database.
 * Re-running is a no-op; editing an applied migration is refused.
 */
export async function runMigrations(server: ClickHouse, db: ClickHouse, database: string, directory: string): Promise<MigrationReport> {
  await server.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  await db.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (
      version UInt32, name String, checksum String, applied_at DateTime DEFAULT now()
    ) ENGINE = MergeTree ORDER BY version`,
  });
  const rows = await (
    await db.query({
      query: 'SELECT version, any(name) AS name, any(checksum) AS checksum FROM schema_migrations GROUP BY version',
      format: 'JSONEachRow',
    })
  ).json<{ version: number; name: string; checksum: string }>();
  const done = new Map(rows.map((row) => [Number(row.version), row]));

  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  for (const migration of await loadMigrations(directory)) {
    const label = `${String(migration.version).padStart(4, '0')}_${migration.name}`;
    const previous = done.get(migration.version);
    if (previous) {
      if (previous.checksum !== migration.checksum) throw new MigrationChecksumError(label);
      alreadyApplied.push(label);
      continue;
    }
    for (const statement of migration.statements) await db.command({ query: statement });
    await db.insert({
      table: 'schema_migrations',
      // JSONEachRow on 18.16 does not fill DEFAULTs of omitted columns: send every column.
      values: [{ version: migration.version, name: migration.name, checksum: migration.checksum, applied_at: toDateTime(new Date()) }],
      format: 'JSONEachRow',
    });
    applied.push(label);
  }
  return { applied, alreadyApplied };
}
