import { featureTopic, type FeatureVector, type Transaction } from '@mlops/contracts';
import {
  STATE_FORMAT,
  merchantTransactionsV1,
  processEvent,
  userTransactionsV1,
  type EntityState,
  type FeatureView,
} from '@mlops/features';
import { createRedis } from '@mlops/redis';
import { KafkaTestKit, ServiceProcess, createTopicNamespace, localServers, serviceEnv, uniqueName, waitFor } from '@mlops/testing';

const T0 = Date.UTC(2026, 0, 5, 12);

function payment(id: string, user: string, minutesAfterT0: number, overrides: Partial<Transaction> = {}): Transaction {
  return {
    event_id: id,
    event_time: T0 + minutesAfterT0 * 60_000,
    user_id: user,
    card_id: `card-${user}`,
    merchant_id: 'm-1',
    merchant_category: 'grocery',
    amount: 10,
    currency: 'EUR',
    country: 'DE',
    channel: 'pos',
    card_present: true,
    device_id: null,
    ...overrides,
  };
}

/** The vectors the stream must produce for one entity's events in log order, by the same rule offline. */
function expectedVectors(view: FeatureView, events: readonly Transaction[]): Map<string, (number | null)[]> {
  let state: EntityState | undefined;
  const vectors = new Map<string, (number | null)[]>();
  for (const event of events) {
    const result = processEvent(view, state, event, undefined, { inPlace: true });
    state = result.state;
    if (result.values) vectors.set(event.event_id, result.values);
  }
  return vectors;
}

describe('feature-transform against real Kafka, registry and Redis', () => {
  let kit: KafkaTestKit;
  const processes: ServiceProcess[] = [];
  let port = 13_401;

  const start = (namespace: string) => {
    const service = ServiceProcess.start('feature-transform', port++, serviceEnv({ TOPIC_NAMESPACE: namespace }));
    processes.push(service);
    return service;
  };
  const readVectors = async (namespace: string, view: FeatureView, count: number) => {
    const topic = `${namespace}.${featureTopic(view.name)}`;
    const messages = await kit.readRaw(topic, count, 90_000);
    return Promise.all(messages.map(async (m) => kit.serde.decode<FeatureVector>(topic, m.value!)));
  };

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await kit.close();
  });

  it('computes the vector of every event as of that event, for user and merchant views', async () => {
    const namespace = uniqueName('spec');
    await createTopicNamespace(kit, namespace);
    const events = [
      payment('a1', 'alice', 0, { amount: 10 }),
      payment('a2', 'alice', 5, { amount: 30, channel: 'online', card_present: false, merchant_id: 'm-2' }),
      payment('b1', 'bob', 6, { amount: 1.5, channel: 'online', card_present: false }),
      payment('a3', 'alice', 50, { amount: 20 }),
      payment('a4', 'alice', 24 * 60 + 30, { amount: 40 }),
    ];
    await kit.produce(`${namespace}.events.transactions`, events, (e) => (e as Transaction).user_id);
    start(namespace);

    const user = await readVectors(namespace, userTransactionsV1, 5);
    const byId = new Map(user.map((v) => [v.event_id, v]));
    const value = (id: string, feature: string) => byId.get(id)?.values[userTransactionsV1.outputNames.indexOf(feature)];
    // Hand-checked: windows include the event itself; last/time-since describe the previous one.
    expect(value('a1', 'tx_count_1h')).toBe(1);
    expect(value('a2', 'tx_count_1h')).toBe(2);
    expect(value('a2', 'amount_sum_1h')).toBe(40);
    expect(value('a2', 'last_amount')).toBe(10);
    expect(value('a2', 'seconds_since_last_tx')).toBe(300);
    expect(value('a2', 'online_count_1h')).toBe(1);
    expect(value('a2', 'distinct_merchants_1h')).toBe(2);
    expect(value('a3', 'tx_count_1h')).toBe(3);
    expect(value('a4', 'tx_count_1h')).toBe(1);
    expect(value('a4', 'tx_count_30d')).toBe(4);
    expect(value('a4', 'amount_mean_30d')).toBe(25);
    expect(value('b1', 'small_amount_count_1h')).toBe(1);
    expect(value('a1', 'last_amount')).toBeNull();

    const expected = new Map([
      ...expectedVectors(
        userTransactionsV1,
        events.filter((e) => e.user_id === 'alice'),
      ),
      ...expectedVectors(
        userTransactionsV1,
        events.filter((e) => e.user_id === 'bob'),
      ),
    ]);
    expect(new Map(user.map((v) => [v.event_id, v.values]))).toEqual(expected);
    expect(user.every((v) => v.view === 'user_transactions' && v.view_version === 1)).toBe(true);

    const merchant = await readVectors(namespace, merchantTransactionsV1, 5);
    expect(merchant.map((v) => v.entity_id).sort()).toEqual(['m-1', 'm-1', 'm-1', 'm-1', 'm-2']);
    const m1 = merchant.filter((v) => v.entity_id === 'm-1');
    const distinctUsers = merchantTransactionsV1.outputNames.indexOf('distinct_users_24h');
    expect(Math.max(...m1.map((v) => v.values[distinctUsers] ?? 0))).toBe(2);
  });

  it('aggregates late events within the allowance and leaves later ones out, counted', async () => {
    const namespace = uniqueName('spec');
    await createTopicNamespace(kit, namespace);
    const events = [
      payment('c1', 'carol', 60, { amount: 10 }),
      payment('c2', 'carol', 57, { amount: 20 }), // 3 minutes late: within the 5-minute allowance
      payment('c3', 'carol', 10, { amount: 1000 }), // 50 minutes late: beyond it
      payment('c4', 'carol', 61, { amount: 30 }),
    ];
    await kit.produce(`${namespace}.events.transactions`, events, () => 'carol');
    const service = start(namespace);

    const vectors = await readVectors(namespace, userTransactionsV1, 3);
    const byId = new Map(vectors.map((v) => [v.event_id, v]));
    const sum1h = userTransactionsV1.outputNames.indexOf('amount_sum_1h');
    expect([...byId.keys()].sort()).toEqual(['c1', 'c2', 'c4']);
    // A late event's window ends with its own tile: c1, later in time, is not in c2's window.
    expect(byId.get('c2')?.values[sum1h]).toBe(20);
    expect(byId.get('c4')?.values[sum1h]).toBe(60);
    await waitFor('the late event in the log', () =>
      service.output.some((line) => line.includes('"event_id":"c3"') && line.includes('beyond allowed lateness')),
    );
  });

  it('leaves every aggregate unchanged when a partition is processed again after a crash', async () => {
    const namespace = uniqueName('spec');
    await createTopicNamespace(kit, namespace);
    const users = ['u1', 'u2', 'u3', 'u4'];
    const events = Array.from({ length: 2_000 }, (_, i) => payment(`e${i}`, users[i % 4] as string, i, { amount: 1 + (i % 17) }));
    await kit.produce(`${namespace}.events.transactions`, events, (e) => (e as Transaction).user_id);

    const first = start(namespace);
    const topic = `${namespace}.${featureTopic(userTransactionsV1.name)}`;
    await waitFor('some vectors', async () => (await kit.admin.fetchTopicOffsets(topic)).some((p) => Number(p.high) > 0), {
      timeoutMs: 60_000,
    });
    expect(await first.stop('SIGKILL')).toBeNull();
    start(namespace);

    // Vectors produced before the crash may be produced again after it: read until every event has one.
    let vectors = await readVectors(namespace, userTransactionsV1, 2_000);
    while (new Set(vectors.map((v) => v.event_id)).size < 2_000) {
      vectors = await readVectors(namespace, userTransactionsV1, vectors.length + 1);
    }
    const expected = new Map(
      users.flatMap((u) => [
        ...expectedVectors(
          userTransactionsV1,
          events.filter((e) => e.user_id === u),
        ),
      ]),
    );
    expect(expected.size).toBe(2_000);
    // Every vector, duplicates included, carries the values of a single uninterrupted run.
    const wrong = vectors.filter((v) => JSON.stringify(v.values) !== JSON.stringify(expected.get(v.event_id)));
    expect(wrong.map((v) => v.event_id)).toEqual([]);

    const redis = createRedis({ url: localServers.redisUrl });
    try {
      for (const u of users) {
        const last = events.filter((x) => x.user_id === u).at(-1)?.event_id;
        // The state is written just after its batch's vectors are produced: wait for the last batch's.
        const stored = await waitFor<EntityState>(`the state of ${u} after its last event`, async () => {
          const state = JSON.parse(
            (await redis.get(`ft:s${STATE_FORMAT}:${namespace}:user_transactions:v1:${u}`)) ?? 'null',
          ) as EntityState | null;
          return state !== null && state.recent[0] === last ? state : undefined;
        });
        let offline: EntityState | undefined;
        for (const e of events.filter((x) => x.user_id === u)) offline = processEvent(userTransactionsV1, offline, e).state;
        expect(stored.tiles).toEqual(offline?.tiles);
        expect(stored.recent).toEqual(offline?.recent);
      }
    } finally {
      redis.disconnect();
    }
  });
});
