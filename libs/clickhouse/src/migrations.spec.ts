import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations, splitStatements } from './migrations';

describe(splitStatements.name, () => {
  it('returns one statement without its trailing semicolon', () => {
    expect(splitStatements('CREATE TABLE a (x UInt8) ENGINE = Memory;\n')).toEqual(['CREATE TABLE a (x UInt8) ENGINE = Memory']);
  });

  it('returns a statement without any semicolon', () => {
    expect(splitStatements('SELECT 1')).toEqual(['SELECT 1']);
  });

  it('splits statements at a semicolon that ends a line, keeping multi-line statements whole', () => {
    const sql = ['CREATE TABLE a (', '  x UInt8', ') ENGINE = Memory;', 'CREATE TABLE b (y String) ENGINE = Memory;', 'SELECT 1;'].join(
      '\n',
    );

    expect(splitStatements(sql)).toEqual([
      'CREATE TABLE a (\n  x UInt8\n) ENGINE = Memory',
      'CREATE TABLE b (y String) ENGINE = Memory',
      'SELECT 1',
    ]);
  });

  it('ends a statement at a semicolon followed by spaces before the line break', () => {
    expect(splitStatements('SELECT 1;   \nSELECT 2;\t')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('keeps a semicolon that does not end a line inside its statement', () => {
    expect(splitStatements("SELECT splitByChar(';', 'a;b');\n")).toEqual(["SELECT splitByChar(';', 'a;b')"]);
  });

  it('drops -- comment lines, including indented ones', () => {
    const sql = ['-- header', 'CREATE TABLE a (', '  -- the id', '  id UInt64', ') ENGINE = Memory;', '-- footer'].join('\n');

    expect(splitStatements(sql)).toEqual(['CREATE TABLE a (\n  id UInt64\n) ENGINE = Memory']);
  });

  it('returns no empty statements for blank lines, doubled semicolons or comment-only files', () => {
    expect(splitStatements('\n\nSELECT 1;\n\n;\n;\n\nSELECT 2;\n\n')).toEqual(['SELECT 1', 'SELECT 2']);
    expect(splitStatements('-- nothing to do yet\n\n')).toEqual([]);
    expect(splitStatements('')).toEqual([]);
  });

  it('handles CRLF line endings', () => {
    expect(splitStatements('-- c\r\nSELECT 1;\r\nSELECT 2;\r\n')).toEqual(['SELECT 1', 'SELECT 2']);
  });
});

describe(loadMigrations.name, () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mlops-migrations-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const write = (file: string, sql: string) => writeFile(join(directory, file), sql, 'utf8');

  it('loads migrations ordered by version, whatever the order of creation', async () => {
    await write('0010_tenth.sql', 'SELECT 10;');
    await write('0002_second.sql', 'SELECT 2;');
    await write('0001_first.sql', 'SELECT 1;\nSELECT 11;');

    const migrations = await loadMigrations(directory);

    expect(migrations.map((m) => [m.version, m.name])).toEqual([
      [1, 'first'],
      [2, 'second'],
      [10, 'tenth'],
    ]);
    expect(migrations[0]?.statements).toEqual(['SELECT 1', 'SELECT 11']);
  });

  it('returns no migrations for an empty directory', async () => {
    await expect(loadMigrations(directory)).resolves.toEqual([]);
  });

  it('ignores files whose names do not match NNNN_name.sql', async () => {
    await write('0001_events.sql', 'SELECT 1;');
    for (const ignored of [
      'README.md',
      '1_short.sql',
      '0002_Upper.sql',
      '0003-dash.sql',
      '0004_events.sql.bak',
      '00005_long.sql',
      '0006_.sql',
    ]) {
      await write(ignored, 'SELECT 0;');
    }

    const migrations = await loadMigrations(directory);

    expect(migrations.map((m) => m.name)).toEqual(['events']);
  });

  it('gives each migration the sha256 of its file as checksum, stable across loads', async () => {
    await write('0001_events.sql', 'SELECT 1;\n');

    const [first] = await loadMigrations(directory);
    const [second] = await loadMigrations(directory);

    expect(first?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(first?.checksum).toBe(second?.checksum);
  });

  it('changes the checksum when the content changes, even in a comment', async () => {
    await write('0001_events.sql', 'SELECT 1;\n');
    const [before] = await loadMigrations(directory);

    await write('0001_events.sql', '-- reworded\nSELECT 1;\n');
    const [after] = await loadMigrations(directory);

    expect(after?.statements).toEqual(before?.statements);
    expect(after?.checksum).not.toBe(before?.checksum);
  });

  it('gives files with the same content the same checksum', async () => {
    await write('0001_a.sql', 'SELECT 1;');
    await write('0002_b.sql', 'SELECT 1;');

    const [a, b] = await loadMigrations(directory);

    expect(a?.checksum).toBe(b?.checksum);
  });

  it('refuses two migrations with the same version, naming the version and directory', async () => {
    await write('0003_add_events.sql', 'SELECT 1;');
    await write('0003_add_labels.sql', 'SELECT 2;');

    await expect(loadMigrations(directory)).rejects.toThrow(`two migrations share version 3 in ${directory}`);
  });

  it('rejects when the directory does not exist', async () => {
    await expect(loadMigrations(join(directory, 'missing'))).rejects.toThrow(/ENOENT/);
  });

  it("loads the repository's own migrations: unique versions, each with statements", async () => {
    const migrations = await loadMigrations(join(__dirname, '..', '..', '..', 'infra', 'clickhouse', 'migrations'));

    expect(migrations.length).toBeGreaterThan(0);
    for (const migration of migrations) expect(migration.statements.length).toBeGreaterThan(0);
  });
});
