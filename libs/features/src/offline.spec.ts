import type { Transaction } from '@mlops/contracts';
import { feature } from './definition';
import { processEvent } from './engine';
import { encodeState } from './entity-state';
import { groupByEntity, pointInTime, replayEntity, type LoggedEvent } from './offline';
import { defineFeatureView } from './view';

const T0 = Date.UTC(2026, 0, 1);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

const view = defineFeatureView({
  name: 'offline_spec',
  version: 1,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '30d',
  allowedLateness: '1m',
  features: [
    feature.count('count_1m', { window: '1m' }),
    feature.sum('amount_sum_10m', 'amount', { window: '10m' }),
    feature.mean('amount_mean_10m', 'amount', { window: '10m' }),
    feature.distinct('devices_10m', 'device_id', { window: '10m' }),
    feature.last('last_amount', 'amount'),
    feature.lastN('previous_amount', 'amount', 2),
    feature.timeSinceLast('since_last'),
    feature.derived('amount', (request) => num(request['amount'])),
    feature.derived('amount_over_mean', (request, f) => {
      const amount = num(request['amount']);
      const mean = f['amount_mean_10m'] ?? null;
      return amount === null || mean === null || mean === 0 ? null : amount / mean;
    }),
    feature.derived('minute_of_hour', (request) => new Date(Number(request['event_time'])).getUTCMinutes()),
  ],
});

let sequence = 0;
const tx = (atMs: number, fields: Partial<Transaction> = {}): Transaction => ({
  event_id: `tx-${(sequence += 1)}`,
  event_time: T0 + atMs,
  user_id: 'u1',
  card_id: 'c1',
  merchant_id: 'm1',
  merchant_category: 'grocery',
  amount: 10,
  currency: 'EUR',
  country: 'DE',
  channel: 'pos',
  card_present: true,
  device_id: null,
  ...fields,
});

/** The events at offsets 0, 1, … of partition 0. */
const logOf = (...events: Transaction[]): LoggedEvent[] =>
  events.map((event, i) => ({ event, position: { partition: 0, offset: String(i) } }));
const named = (values: readonly (number | null)[]): Record<string, number | null> =>
  Object.fromEntries(view.outputNames.map((name, i) => [name, values[i] ?? null]));
const windowed = ['count_1m', 'amount_sum_10m', 'amount_mean_10m', 'devices_10m'];
const pick = (vector: Record<string, number | null>, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, vector[n]]));

describe(replayEntity.name, () => {
  it('gives one vector per applied event, with its id, entity and time, equal to what processEvent gives', () => {
    const [a, b] = [tx(0, { amount: 5 }), tx(30_000, { amount: 7, device_id: 'd1' })];

    const replay = replayEntity(view, logOf(a, b));

    const first = processEvent(view, undefined, a, { partition: 0, offset: '0' });
    const second = processEvent(view, first.state, b, { partition: 0, offset: '1' });
    expect(replay.vectors).toEqual([
      { event_id: a.event_id, entity_id: 'u1', event_time: T0, values: first.values },
      { event_id: b.event_id, entity_id: 'u1', event_time: T0 + 30_000, values: second.values },
    ]);
    expect(replay.state).toEqual(second.state);
    expect(replay.skipped).toEqual([]);
  });

  it('lists replayed, duplicate and too_late events with their outcome, without a vector', () => {
    const [a, b, c] = [tx(0), tx(200_000), tx(100_000)];
    const log: LoggedEvent[] = [
      ...logOf(a, b),
      { event: a, position: { partition: 0, offset: '0' } },
      { event: a, position: { partition: 0, offset: '7' } },
      { event: c, position: { partition: 0, offset: '8' } },
      { event: tx(201_000) },
    ];

    const replay = replayEntity(view, log);

    expect(replay.vectors.map((v) => v.event_id)).toEqual([a.event_id, b.event_id, log[5]?.event['event_id']]);
    expect(replay.skipped).toEqual([
      { event_id: a.event_id, outcome: 'replayed', position: { partition: 0, offset: '0' } },
      { event_id: a.event_id, outcome: 'replayed', position: { partition: 0, offset: '7' } },
      { event_id: c.event_id, outcome: 'too_late', position: { partition: 0, offset: '8' } },
    ]);
  });

  it('gives the same vectors bit for bit with the state stored as JSON between events', () => {
    const log = logOf(tx(0, { amount: 0.1 }), tx(1_000, { amount: 0.2, device_id: 'd' }), tx(500, { amount: 1 / 3 }), tx(700_000));

    expect(replayEntity(view, log, { jsonRoundTrip: true })).toEqual(replayEntity(view, log));
  });

  it('continues from an initial state as if the earlier events were replayed in the same call', () => {
    const log = logOf(tx(0), tx(10_000, { amount: 3 }), tx(20_000), tx(15_000, { amount: 4 }));
    const head = replayEntity(view, log.slice(0, 2));

    const tail = replayEntity(view, log.slice(2), { initialState: head.state });

    expect([...head.vectors, ...tail.vectors]).toEqual(replayEntity(view, log).vectors);
  });

  it('processes events in the order given, which is log order rather than time order', () => {
    const [early, late] = [tx(0, { amount: 1 }), tx(10_000, { amount: 2 })];

    const inLogOrder = replayEntity(view, logOf(late, early));

    expect(inLogOrder.vectors.map((v) => named(v.values)['last_amount'])).toEqual([null, 2]);
  });

  it('does not modify the events or the initial state', () => {
    const initialState = replayEntity(view, logOf(tx(0))).state;
    const before = encodeState(initialState);
    const log = Object.freeze(
      logOf(tx(1_000, { device_id: 'd' })).map((e) => Object.freeze({ ...e, event: Object.freeze({ ...e.event }) })),
    );

    replayEntity(view, log, { initialState });

    expect(encodeState(initialState)).toBe(before);
  });
});

describe(groupByEntity.name, () => {
  it('splits events by the view key, keeping their order within each entity', () => {
    const log = logOf(tx(0, { user_id: 'a' }), tx(1, { user_id: 'b' }), tx(2, { user_id: 'a' }));

    const groups = groupByEntity(view, log);

    expect([...groups.keys()]).toEqual(['a', 'b']);
    expect(groups.get('a')?.map((e) => e.event['event_time'])).toEqual([T0, T0 + 2]);
  });
});

describe(pointInTime.name, () => {
  it('aggregates the events at or before asOf without counting the request itself', () => {
    const log = logOf(tx(0, { amount: 10, device_id: 'd1' }), tx(20_000, { amount: 30, device_id: 'd2' }));

    expect(pick(named(pointInTime(view, log, T0 + 20_000)), windowed)).toEqual({
      count_1m: 2,
      amount_sum_10m: 40,
      amount_mean_10m: 20,
      devices_10m: 2,
    });
  });

  it('leaves out events after asOf, even when they come earlier in the log', () => {
    const log = logOf(tx(0, { amount: 10 }), tx(40_000, { amount: 20 }), tx(20_000, { amount: 30 }));

    const vector = named(pointInTime(view, log, T0 + 30_000));

    expect(vector).toMatchObject({ count_1m: 2, amount_sum_10m: 40, last_amount: 30, previous_amount_2: 10 });
  });

  it('equals, for asOf at the time of an event, the windowed features of the stream’s vector for that event', () => {
    const log = logOf(tx(0, { amount: 10 }), tx(12_000, { amount: 4, device_id: 'd' }), tx(61_500, { amount: 7, device_id: 'e' }));
    const streamed = named(replayEntity(view, log).vectors.at(-1)?.values ?? []);

    const asOf = named(pointInTime(view, log, T0 + 61_500));

    expect(pick(asOf, windowed)).toEqual(pick(streamed, windowed));
    expect(asOf).toMatchObject({ last_amount: 7, previous_amount_1: 7, previous_amount_2: 4, since_last: 0 });
  });

  it('aligns windows to the tile of asOf: an event in the tile a full window before it is out', () => {
    const log = logOf(tx(999));

    expect(named(pointInTime(view, log, T0 + 59_999))['count_1m']).toBe(1);
    expect(named(pointInTime(view, log, T0 + 60_000))['count_1m']).toBe(0);
  });

  it('describes the last events before asOf and gives the seconds from the last one to asOf', () => {
    const log = logOf(tx(0, { amount: 1 }), tx(5_000, { amount: 2 }), tx(9_000, { amount: 3 }));

    expect(named(pointInTime(view, log, T0 + 10_500))).toMatchObject({
      last_amount: 3,
      previous_amount_1: 3,
      previous_amount_2: 2,
      since_last: 1.5,
    });
  });

  it('gives empty aggregates and no previous values before the first event', () => {
    expect(named(pointInTime(view, logOf(tx(60_000)), T0))).toEqual({
      count_1m: 0,
      amount_sum_10m: 0,
      amount_mean_10m: null,
      devices_10m: 0,
      last_amount: null,
      previous_amount_1: null,
      previous_amount_2: null,
      since_last: null,
      amount: null,
      amount_over_mean: null,
      minute_of_hour: 0,
    });
  });

  it('gives derived features only the time of asOf unless request fields are passed', () => {
    const log = logOf(tx(0, { amount: 10 }), tx(1_000, { amount: 30 }));
    const asOf = T0 + 5 * 60_000;

    expect(named(pointInTime(view, log, asOf))).toMatchObject({ amount: null, amount_over_mean: null, minute_of_hour: 5 });
    expect(named(pointInTime(view, log, asOf, { request: { amount: 40, event_time: 0 } }))).toMatchObject({
      amount: 40,
      amount_over_mean: 2,
      minute_of_hour: 5,
    });
  });

  it('evaluates a request carrying the id of a processed event instead of skipping it as a duplicate', () => {
    const event = tx(0, { amount: 10 });

    expect(named(pointInTime(view, logOf(event), T0, { request: event }))).toMatchObject({ count_1m: 1, amount: 10 });
  });

  it('judges too_late among the events at or before asOf only', () => {
    // The stream drops the event at 0 s as too late after the one at 120 s; as of 60 s it counts.
    const log = logOf(tx(120_000), tx(0));

    expect(replayEntity(view, log).skipped.map((s) => s.outcome)).toEqual(['too_late']);
    expect(named(pointInTime(view, log, T0 + 59_000))['count_1m']).toBe(1);
  });

  it('does not modify the events', () => {
    const log = logOf(tx(0), tx(1_000));
    const before = JSON.stringify(log);

    pointInTime(view, log, T0 + 1_000);

    expect(JSON.stringify(log)).toBe(before);
  });
});
