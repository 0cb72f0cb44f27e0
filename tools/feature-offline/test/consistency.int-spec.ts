import { Topics, namespaced, repartitionTopic } from '@mlops/contracts';
import {
  groupByEntity,
  merchantTransactionsV1,
  replayEntity,
  userTransactionsV1,
  type FeatureView,
  type ReplayedVector,
} from '@mlops/features';
import { createDatabase, uniqueIdentifier, uniqueName } from '@mlops/testing';
import type { ClickHouse } from '@mlops/clickhouse';
import { FeatureLogRepository } from '../src/archive/feature-log.repository';
import { checkConsistency } from '../src/consistency/consistency';
import { archiveRows, insert, paymentLog, rekeyedByMerchant, shuffled, type LogEntry } from './archive-fixture';

const view = userTransactionsV1;

describe(checkConsistency.name, () => {
  const database = uniqueIdentifier('spec_feature_offline');
  const namespace = uniqueName('spec');
  const log = paymentLog({ runId: namespace, events: 400, users: 30 });
  let db: { client: ClickHouse; drop(): Promise<void> };
  let online: ReplayedVector[];

  /** What the stream computed: each user's events in log order. */
  const streamed = (entries: readonly LogEntry[], of: FeatureView = view): ReplayedVector[] =>
    [...groupByEntity(of, entries).values()].flatMap((events) => replayEntity(of, events, { jsonRoundTrip: true }).vectors);

  beforeAll(async () => {
    db = await createDatabase(database);
    // Archived out of log order, an at-least-once duplicate of some rows, and another namespace's events.
    const other = paymentLog({ runId: `${namespace}-other`, events: 50, users: 30, seed: 99 });
    await insert(db.client, 'events', shuffled([...archiveRows(log, namespace), ...archiveRows(log.slice(0, 20), namespace)]));
    await insert(db.client, 'events', archiveRows(other, `${namespace}-other`));
    online = streamed(log);
    await new FeatureLogRepository(db.client, database).write(view, online, { loggedAt: new Date(Date.now() - 60_000) });
  });

  afterAll(async () => {
    await db.drop();
  });

  it('finds every online vector offline, bit for bit, replaying the archive in log order', async () => {
    const report = await checkConsistency(db.client, { database, namespace, view });

    expect(report).toMatchObject({
      ok: true,
      topic: namespaced(namespace, Topics.transactions),
      tolerance: 0,
      archivedEvents: log.length,
      features: [],
      shapeMismatches: { count: 0 },
      counts: {
        online: online.length,
        offline: online.length,
        matched: online.length,
        onlyOnline: 0,
        onlyOffline: 0,
        equal: online.length,
        different: 0,
      },
    });
    expect(report.replay.tooLate).toBeGreaterThan(0);
    expect(report.replay.applied + report.replay.tooLate).toBe(log.length);
  });

  it('agrees within a time range, replaying each entity from its first event', async () => {
    const [from, to] = [Date.UTC(2026, 0, 1, 1), Date.UTC(2026, 0, 1, 3)];

    const report = await checkConsistency(db.client, { database, namespace, view, between: { from, to } });

    const inRange = online.filter((v) => v.event_time >= from && v.event_time < to).length;
    expect(report).toMatchObject({ ok: true, counts: { online: inRange, matched: inRange, equal: inRange } });
    expect(inRange).toBeGreaterThan(0);
  });

  it('names the feature and the event of a corrupted feature_log value, and fails', async () => {
    const victim = online[Math.floor(online.length / 2)] as ReplayedVector;
    const index = view.outputNames.indexOf('amount_sum_24h');
    const corrupted = victim.values.map((v, i) => (i === index ? (v ?? 0) + 0.5 : v));
    await new FeatureLogRepository(db.client, database).write(view, [{ ...victim, values: corrupted }]);

    const report = await checkConsistency(db.client, { database, namespace, view });

    expect(report.ok).toBe(false);
    expect(report.counts).toMatchObject({ matched: online.length, equal: online.length - 1, different: 1 });
    expect(report.features).toEqual([
      {
        feature: 'amount_sum_24h',
        index,
        count: 1,
        nullMismatches: 0,
        maxAbsDiff: Math.abs((corrupted[index] as number) - (victim.values[index] as number)),
        maxUlps: expect.any(Number) as number,
        examples: [
          {
            entity_id: victim.entity_id,
            event_id: victim.event_id,
            event_time: victim.event_time,
            online: corrupted[index],
            offline: victim.values[index],
          },
        ],
      },
    ]);
  });

  it('counts events of another namespace as unmatched when asked for that namespace', async () => {
    const report = await checkConsistency(db.client, { database, namespace: `${namespace}-other`, view });

    expect(report.counts).toMatchObject({ matched: 0, onlyOnline: online.length, onlyOffline: report.counts.offline });
    expect(report.notes).toEqual([expect.stringContaining('feature_log has no namespace column')]);
  });

  describe('a view that reads a re-keyed copy of its source topic', () => {
    const merchants = merchantTransactionsV1;
    // The consumer interleaves the source partitions in some order of its own: here, reversed within each slice of 40.
    const interleaved = log.flatMap((_, i) => (i % 40 === 0 ? log.slice(i, i + 40).reverse() : []));
    const rekeyed = rekeyedByMerchant(interleaved);
    let merchantOnline: ReplayedVector[];

    beforeAll(async () => {
      const label = {
        label: 'transactions@merchant_id',
        topic: repartitionTopic('transactions', 'merchant_id'),
        keyField: 'merchant_id',
      } as const;
      await insert(db.client, 'events', shuffled(archiveRows(rekeyed, namespace, label)));
      merchantOnline = streamed(rekeyed, merchants);
      await new FeatureLogRepository(db.client, database).write(merchants, merchantOnline);
    });

    it('replays the archived re-keyed log in its own log order, bit for bit', async () => {
      const report = await checkConsistency(db.client, { database, namespace, view: merchants });

      expect(report).toMatchObject({
        ok: true,
        exactLogOrder: true,
        topic: namespaced(namespace, repartitionTopic('transactions', 'merchant_id')),
        archivedEvents: log.length,
        counts: { online: merchantOnline.length, matched: merchantOnline.length, equal: merchantOnline.length },
        notes: [],
      });
    });

    it('falls back to the source partitions merged by event time when the re-keyed log is not archived, and says so', async () => {
      const other = `${namespace}-other`;

      const report = await checkConsistency(db.client, { database, namespace: other, view: merchants });

      expect(report).toMatchObject({ exactLogOrder: false, topic: namespaced(other, Topics.transactions), archivedEvents: 50 });
      expect(report.notes).toEqual(expect.arrayContaining([expect.stringContaining('merges the source partitions by event time')]));
    });
  });
});
