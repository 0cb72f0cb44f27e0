import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { merchantTransactionsV1, userTransactionsV1 } from '@mlops/features';
import {
  KafkaTestKit,
  ServiceProcess,
  createDatabase,
  createTopicNamespace,
  queryRows,
  serviceEnv,
  uniqueIdentifier,
  uniqueName,
  waitFor,
} from '@mlops/testing';
import { retryWithBackoff } from '@mlops/util';
import { checkConsistency } from '../src/consistency/consistency';

const ROOT = join(__dirname, '..', '..', '..');
const EVENTS = Number(process.env['CONSISTENCY_EVENTS'] ?? 100_000);
/**
 * Relative tolerance of the comparison. The engine is the same code on both sides and agrees bit
 * for bit in memory; ClickHouse 18.16 parses float text inexactly (about 1 value in 50 comes back
 * one ulp off) when feature-store logs the vectors, so 1e-12 relative, far below any model's use.
 */
const TOLERANCE = 1e-12;

function runWorkload(namespace: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'tools/workload/src/cli.ts',
        '--target',
        'kafka',
        '--topic-namespace',
        namespace,
        '--events',
        String(EVENTS),
        '--rate',
        '20000',
        '--quiet',
        '--run-id',
        namespace,
        '--drift',
        'covariate@0.5,concept@0.75',
      ],
      { cwd: ROOT, env: serviceEnv(), stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.once('error', reject);
    child.once('exit', resolve);
  });
}

describe(`online/offline consistency on ${EVENTS.toLocaleString('en')} generated events`, () => {
  const namespace = uniqueName('consistency');
  const database = uniqueIdentifier('spec_consistency');
  let kit: KafkaTestKit;
  let db: Awaited<ReturnType<typeof createDatabase>>;
  const services: ServiceProcess[] = [];

  /** Whether a consumer group has committed every message of every topic it reads. */
  const caughtUp = async (groupId: string): Promise<boolean> => {
    const committed = await kit.admin.fetchOffsets({ groupId });
    if (committed.length === 0) return false;
    for (const { topic, partitions } of committed) {
      const ends = await kit.admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const at = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        if (Number(end.high) > 0 && at !== end.high) return false;
      }
    }
    return true;
  };

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    await createTopicNamespace(kit, namespace);
    db = await createDatabase(database);
    const env = serviceEnv({ TOPIC_NAMESPACE: namespace, CLICKHOUSE_DATABASE: database, LOG_LEVEL: 'warn' });
    services.push(
      ServiceProcess.start('ingest', 13_501, env),
      ServiceProcess.start('feature-transform', 13_502, env),
      ServiceProcess.start('feature-store', 13_503, env),
    );
    await Promise.all(services.map((s) => s.waitReady()));
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await kit.close();
    await db.drop();
  });

  it('computes the same values offline from the archive as the stream did, for every event of both views', async () => {
    expect(await runWorkload(namespace)).toBe(0);
    const transactions = async () =>
      Number((await queryRows<{ n: string }>(db.client, 'SELECT count() AS n FROM transactions FINAL'))[0]?.n);
    const logged = async (view: string) =>
      Number((await queryRows<{ n: string }>(db.client, `SELECT count() AS n FROM feature_log FINAL WHERE view = '${view}'`))[0]?.n);
    await waitFor('every transaction archived', async () => (await transactions()) >= EVENTS, { timeoutMs: 600_000, intervalMs: 2_000 });
    // Users' events arrive in time order; merchants' come re-keyed from all partitions, where an
    // event beyond the allowed lateness gets no vector (online and offline alike).
    await waitFor('a user vector for every transaction', async () => (await logged('user_transactions')) >= EVENTS, {
      timeoutMs: 900_000,
      intervalMs: 2_000,
    });
    await waitFor(
      'the transform and the store to be caught up',
      async () =>
        (await caughtUp(`${namespace}.feature-transform`)) &&
        (await caughtUp(`${namespace}.feature-store`)) &&
        (await caughtUp(`${namespace}.feature-store-log`)),
      {
        timeoutMs: 600_000,
        intervalMs: 2_000,
      },
    );

    for (const view of [userTransactionsV1, merchantTransactionsV1]) {
      // Reading 100,000 archived events is one long query; a dropped connection is retried.
      const report = await retryWithBackoff(() => checkConsistency(db.client, { database, namespace, view, tolerance: TOLERANCE }), {
        maxAttempts: 3,
        initialMs: 1_000,
      });
      expect(report.exactLogOrder).toBe(true);
      expect(report.archivedEvents).toBe(EVENTS);
      expect(report.replay.applied + report.replay.tooLate).toBe(EVENTS);
      expect(report.counts.online).toBe(report.replay.applied);
      expect(report.counts).toMatchObject({
        offline: report.replay.applied,
        matched: report.replay.applied,
        onlyOnline: 0,
        onlyOffline: 0,
        different: 0,
      });
      expect(report.ok).toBe(true);
      process.stderr.write(
        `${view.name}: ${report.counts.matched} vectors equal within ${TOLERANCE} (${report.counts.equal} bit for bit), ${report.replay.tooLate} events beyond the allowed lateness\n`,
      );
    }
  }, 1_800_000);
});
