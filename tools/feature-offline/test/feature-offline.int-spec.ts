import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toDateTime, type ClickHouse } from '@mlops/clickhouse';
import { groupByEntity, pointInTime, replayEntity, userTransactionsV1, type FeatureView } from '@mlops/features';
import { createDatabase, queryRows, uniqueIdentifier, uniqueName } from '@mlops/testing';
import { EventArchiveRepository } from '../src/archive/event-archive.repository';
import { FeatureLogRepository } from '../src/archive/feature-log.repository';
import { sqlString } from '../src/archive/sql';
import { parseCliArgs, type BackfillCliOptions, type TrainingSetOptions } from '../src/cli-options';
import { runBackfill, runTrainingSet, type CommandContext } from '../src/commands';
import { checkConsistency } from '../src/consistency/consistency';
import { parseCsv } from '../src/training-set/csv';
import { archiveRows, insert, paymentLog, transactionRows } from './archive-fixture';

const view: FeatureView = userTransactionsV1;

describe('feature-offline against ClickHouse', () => {
  const database = uniqueIdentifier('spec_feature_offline');
  const namespace = uniqueName('spec');
  const log = paymentLog({ runId: namespace, events: 300, users: 20, seed: 3 });
  let db: { client: ClickHouse; drop(): Promise<void> };
  let directory: string;
  let context: CommandContext;
  const said: string[] = [];

  beforeAll(async () => {
    db = await createDatabase(database);
    directory = await mkdtemp(join(tmpdir(), 'feature-offline-'));
    context = { client: db.client, database, namespace, say: (line) => void said.push(line) };
    await insert(db.client, 'events', archiveRows(log, namespace));
    await insert(db.client, 'transactions', transactionRows(log));
  });

  afterAll(async () => {
    await db.drop();
    await rm(directory, { recursive: true, force: true });
  });

  const options = <T>(argv: string[]): T =>
    parseCliArgs([...argv, '--view', view.name, '--database', database, '--namespace', namespace]) as T;

  it('quotes strings so that ClickHouse 18.16 reads them back unchanged', async () => {
    const nasty = ["it's", 'back\\slash', "\\'", 'tab\there', 'line\nbreak', "'; DROP DATABASE x; --", 'ümlaut ✓'];

    const rows = await queryRows<Record<string, string>>(db.client, `SELECT ${nasty.map((s, i) => `${sqlString(s)} AS s${i}`).join(', ')}`);

    expect(Object.values(rows[0] ?? {})).toEqual(nasty);
  });

  it('writes feature_log values that read back bit for bit, including ones ClickHouse 18.16 parses from text an ulp off', async () => {
    const awkward = [6.698009121368075, 5.719740893231855, 2.292766715159557, -4.150518027989869e-14, 0.1 + 0.2, null, -0, 1e300];
    const vectors = [{ entity_id: 'bits', event_id: 'bits-1', event_time: 1_767_225_600_123, values: awkward }];
    const bitsView = { ...view, name: 'bits_view' };

    await new FeatureLogRepository(db.client, database).write(bitsView, vectors);

    expect(await new FeatureLogRepository(db.client, database).read(bitsView)).toEqual(vectors);
  });

  it('reads one row per labelled transaction, with its latest label', async () => {
    const [first, second] = [log[10], log[20]].map((entry) => entry?.event) as [(typeof log)[0]['event'], (typeof log)[0]['event']];
    const label = (eventId: string, userId: string, atMs: number, isFraud: number) => ({
      event_id: eventId,
      user_id: userId,
      label_time: toDateTime(atMs),
      label_time_ms: atMs,
      is_fraud: isFraud,
      source: 'review',
      ingested_at: toDateTime(new Date()),
    });
    await insert(db.client, 'labels', [
      label(first.event_id, first.user_id, first.event_time + 1_000, 0),
      label(first.event_id, first.user_id, first.event_time + 86_400_000, 1),
      label(second.event_id, second.user_id, second.event_time + 1_000, 0),
      label('not-archived', 'user-x', 0, 1),
    ]);

    const rows = await new EventArchiveRepository(db.client, database).readLabelledEvents(view);

    expect(rows).toEqual(
      [first, second]
        .sort((a, b) => a.event_time - b.event_time)
        .map((e) => ({ event_id: e.event_id, entity_id: e.user_id, event_time: e.event_time, label: e === first ? 1 : 0 })),
    );
  });

  it('builds a training set from labels: each labelled transaction’s own streamed vector', async () => {
    const out = join(directory, 'labels.csv');

    await runTrainingSet(context, { ...options<TrainingSetOptions>(['training-set', '--from-labels']), out });

    const [header, ...lines] = parseCsv(await readFile(out, 'utf8'));
    expect(header).toEqual(['entity_id', 'timestamp', 'event_id', 'label', ...view.outputNames]);
    const streamed = new Map(
      [...groupByEntity(view, log).values()].flatMap((events) => replayEntity(view, events).vectors.map((v) => [v.event_id, v.values])),
    );
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const values = line.slice(4).map((cell) => (cell === '' ? null : Number(cell)));
      expect(values).toEqual(streamed.get(line[2] as string));
    }
  });

  it('builds a point-in-time training set from a rows file', async () => {
    const user = log[0]?.event.user_id as string;
    const asOf = Date.UTC(2026, 0, 1, 2);
    const rows = join(directory, 'rows.csv');
    await writeFile(rows, `entity_id,timestamp,label\n${user},2026-01-01T02:00:00Z,1\nnobody,${asOf},0\n`);
    const out = join(directory, 'rows.ndjson');

    await runTrainingSet(context, { ...options<TrainingSetOptions>(['training-set', '--rows', rows]), out, format: 'ndjson' });

    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { features: Record<string, number | null> });
    const events = log.filter((entry) => entry.event.user_id === user);
    expect(lines.map((l) => view.outputNames.map((name) => l.features[name]))).toEqual([
      pointInTime(view, events, asOf),
      pointInTime(view, [], asOf),
    ]);
  });

  it('backfills a time range into feature_log, which then agrees with the offline replay', async () => {
    const backfill = options<BackfillCliOptions>([
      'backfill',
      '--from',
      '2026-01-01T01:00:00Z',
      '--to',
      '2026-01-01T04:00:00Z',
      '--write-feature-log',
    ]);

    await runBackfill(context, backfill);

    const report = await checkConsistency(db.client, { database, namespace, view, between: { from: backfill.from, to: backfill.to } });
    expect(report).toMatchObject({ ok: true, counts: { onlyOnline: 0, onlyOffline: 0 } });
    expect(report.counts.matched).toBeGreaterThan(0);
    expect(said.at(-1)).toMatch(new RegExp(`^backfill of user_transactions v1: ${report.counts.matched} vectors in range`));
  });

  it('backfills to NDJSON in the shape of the feature topic', async () => {
    const out = join(directory, 'backfill.ndjson');

    await runBackfill(context, { ...options<BackfillCliOptions>(['backfill', '--from', '0', '--to', '2026-01-02T00:00:00Z']), out });

    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(250);
    expect(lines[0]).toEqual({
      event_id: expect.any(String) as string,
      view: 'user_transactions',
      view_version: 1,
      entity_id: expect.any(String) as string,
      event_time: expect.any(Number) as number,
      computed_at: expect.any(Number) as number,
      values: expect.any(Array) as unknown[],
    });
  });
});
