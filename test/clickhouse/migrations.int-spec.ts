import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@mlops/observability';
import { localServers, uniqueIdentifier } from '@mlops/testing';
import { MigrationChecksumError, createClickHouse, runMigrations, type ClickHouse } from '@mlops/clickhouse';

const MIGRATIONS = join(__dirname, '..', '..', 'infra', 'clickhouse', 'migrations');
const logger = createLogger('spec', 'error');

describe(runMigrations.name, () => {
  const database = uniqueIdentifier('spec_migrate');
  let server: ClickHouse;
  let db: ClickHouse;

  const client = (name: string) =>
    createClickHouse({ url: localServers.clickhouseUrl, database: name, username: 'default', password: '' }, logger);
  const rows = async <T>(query: string) => (await db.query({ query, format: 'JSONEachRow' })).json<T>();
  const tableDefinitions = async () =>
    Promise.all(
      (await rows<{ name: string }>(`SELECT name FROM system.tables WHERE database = '${database}' ORDER BY name`)).map(
        async ({ name }) => (await rows<{ statement: string }>(`SHOW CREATE TABLE ${name}`))[0]?.statement,
      ),
    );

  beforeAll(() => {
    server = client('default');
    db = client(database);
  });

  afterAll(async () => {
    await server.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await Promise.all([server.close(), db.close()]);
  });

  it('creates the database and applies every migration on a fresh server', async () => {
    const report = await runMigrations(server, db, database, MIGRATIONS);
    expect(report.applied.length).toBeGreaterThan(0);
    expect(report.applied[0]).toBe('0001_events');
    expect(report.alreadyApplied).toEqual([]);
    expect(await rows<{ name: string }>(`SELECT name FROM system.tables WHERE database = '${database}' AND name = 'events'`)).toHaveLength(
      1,
    );
  });

  it('changes nothing when applied a second time', async () => {
    const before = await tableDefinitions();
    const recorded = await rows<{ n: string }>('SELECT count() AS n FROM schema_migrations');
    const report = await runMigrations(server, db, database, MIGRATIONS);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied.length).toBe(Number(recorded[0]?.n));
    expect(await tableDefinitions()).toEqual(before);
    expect(await rows<{ n: string }>('SELECT count() AS n FROM schema_migrations')).toEqual(recorded);
  });

  it('refuses a migration edited after it was applied', async () => {
    const edited = await mkdtemp(join(tmpdir(), 'migrations-'));
    await cp(MIGRATIONS, edited, { recursive: true });
    await writeFile(join(edited, '0001_events.sql'), 'CREATE TABLE IF NOT EXISTS events (x UInt8) ENGINE = Memory;\n');
    await expect(runMigrations(server, db, database, edited)).rejects.toBeInstanceOf(MigrationChecksumError);
  });

  it('applies only the new migration when one is added', async () => {
    const extended = await mkdtemp(join(tmpdir(), 'migrations-'));
    await cp(MIGRATIONS, extended, { recursive: true });
    await writeFile(
      join(extended, '9999_spec_extra.sql'),
      '-- added later\nCREATE TABLE IF NOT EXISTS spec_extra (id String) ENGINE = MergeTree ORDER BY id;\n',
    );
    const report = await runMigrations(server, db, database, extended);
    expect(report.applied).toEqual(['9999_spec_extra']);
  });
});
