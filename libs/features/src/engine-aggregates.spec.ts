import type { Transaction } from '@mlops/contracts';
import { feature } from './definition';
import { processEvent } from './engine';
import type { EntityState } from './entity-state';
import { defineFeatureView } from './view';

const T0 = Date.UTC(2026, 0, 1);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

const view = defineFeatureView({
  name: 'engine_spec',
  version: 1,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '30d',
  allowedLateness: '1m',
  features: [
    feature.count('count_1m', { window: '1m' }),
    feature.sum('amount_sum_1m', 'amount', { window: '1m' }),
    feature.mean('amount_mean_1m', 'amount', { window: '1m' }),
    feature.min('amount_min_1m', 'amount', { window: '1m' }),
    feature.max('amount_max_1m', 'amount', { window: '1m' }),
    feature.stddev('amount_stddev_1m', 'amount', { window: '1m' }),
    feature.count('online_count_1m', { window: '1m', where: { field: 'channel', equals: 'online' } }),
    feature.count('small_count_1m', { window: '1m', where: { field: 'amount', lessThan: 2 } }),
    feature.distinct('devices_1m', 'device_id', { window: '1m' }),
    feature.count('count_10m', { window: '10m' }),
    feature.last('last_amount', 'amount'),
    feature.lastN('previous_amount', 'amount', 2),
    feature.timeSinceLast('since_last'),
    feature.derived('amount_over_mean', (request, f) => {
      const amount = num(request['amount']);
      const mean = f['amount_mean_1m'] ?? null;
      return amount === null || mean === null || mean === 0 ? null : amount / mean;
    }),
    feature.derived('amount_over_min_unguarded', (request, f) => (num(request['amount']) ?? 0) / (f['amount_min_1m'] ?? 0)),
  ],
});

let sequence = 0;
/** A transaction of user u1 `atMs` after 2026-01-01T00:00:00Z. */
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

type Named = Record<string, number | null>;

/** Processes the events in order, each at the next offset of partition 0; returns each vector by feature name. */
function vectorsOf(events: readonly Transaction[]): Named[] {
  let state: EntityState | undefined;
  return events.map((event, offset) => {
    const result = processEvent(view, state, event, { partition: 0, offset: String(offset) });
    state = result.state;
    if (result.values === null) throw new Error(`no vector for ${event.event_id}: ${result.outcome}`);
    return Object.fromEntries(view.outputNames.map((name, i) => [name, result.values?.[i] ?? null]));
  });
}

const lastVectorOf = (events: readonly Transaction[]): Named => vectorsOf(events).at(-1) as Named;

describe(`${processEvent.name}: windowed aggregates`, () => {
  it('returns one value per output name, in the view order', () => {
    const result = processEvent(view, undefined, tx(0));

    expect(result.outcome).toBe('applied');
    expect(result.values).toHaveLength(view.outputNames.length);
  });

  it('includes the event itself in its window', () => {
    expect(lastVectorOf([tx(0, { amount: 12.5 })])).toMatchObject({
      count_1m: 1,
      amount_sum_1m: 12.5,
      amount_mean_1m: 12.5,
      amount_min_1m: 12.5,
      amount_max_1m: 12.5,
      amount_stddev_1m: 0,
      count_10m: 1,
    });
  });

  it('aggregates count, sum, mean, min, max and population stddev over the earlier events and the event', () => {
    const vector = lastVectorOf([tx(0, { amount: 10 }), tx(10_000, { amount: 20 }), tx(20_000, { amount: 30 })]);

    expect(vector).toMatchObject({ count_1m: 3, amount_sum_1m: 60, amount_mean_1m: 20, amount_min_1m: 10, amount_max_1m: 30 });
    expect(vector['amount_stddev_1m']).toBeCloseTo(Math.sqrt(200 / 3), 12);
  });

  describe('tile-aligned windows: an earlier event counts iff its tile starts after the event’s tile start minus the window', () => {
    it('counts an event 59.999 s earlier in the first tile of the window (tiles 1 s and 60 s, 1 min window)', () => {
      expect(lastVectorOf([tx(1_000), tx(60_999)])['count_1m']).toBe(2);
    });

    it('drops an event only 59.001 s earlier whose tile starts a full window before the event’s tile (tiles 0 s and 60 s)', () => {
      const vector = lastVectorOf([tx(999), tx(60_000)]);

      expect(vector['count_1m']).toBe(1);
      expect(vector['count_10m']).toBe(2);
    });

    it('aligns each window to its own tile size: a 10 min window with 10 s tiles drops an event 9 min 50.001 s earlier', () => {
      const vector = lastVectorOf([tx(9_999), tx(600_000)]);

      expect(vector['count_10m']).toBe(1);
    });
  });

  it('counts only the events that meet a feature’s condition', () => {
    const vector = lastVectorOf([
      tx(0, { channel: 'online', amount: 10 }),
      tx(1_000, { channel: 'pos', amount: 1.5 }),
      tx(2_000, { channel: 'online', amount: 1 }),
      tx(3_000, { channel: 'atm', amount: 2 }),
    ]);

    expect(vector).toMatchObject({ count_1m: 4, online_count_1m: 2, small_count_1m: 2 });
  });

  it('gives a conditional count of 0, not null, when no event in the window meets the condition', () => {
    expect(lastVectorOf([tx(0, { channel: 'pos' })])['online_count_1m']).toBe(0);
  });

  it('counts distinct values, ignoring events without a value', () => {
    const vectors = vectorsOf([
      tx(0, { device_id: 'd1' }),
      tx(1_000, { device_id: null }),
      tx(2_000, { device_id: 'd2' }),
      tx(3_000, { device_id: 'd1' }),
    ]);

    expect(vectors.map((v) => v['devices_1m'])).toEqual([1, 1, 2, 2]);
  });

  it('gives 0 distinct values when no event in the window has one', () => {
    expect(lastVectorOf([tx(0, { device_id: null })])['devices_1m']).toBe(0);
  });
});

describe(`${processEvent.name}: previous events`, () => {
  it('describes the previous events with last, last_n (nulls when too few) and time_since_last in seconds', () => {
    const vectors = vectorsOf([tx(0, { amount: 10 }), tx(30_000, { amount: 20 }), tx(45_500, { amount: 30 })]);

    expect(vectors.map((v) => [v['last_amount'], v['previous_amount_1'], v['previous_amount_2'], v['since_last']])).toEqual([
      [null, null, null, null],
      [10, 10, null, 30],
      [20, 20, 10, 15.5],
    ]);
  });

  it('keeps previous values beyond every window', () => {
    const vector = lastVectorOf([tx(0, { amount: 7 }), tx(86_400_000, { amount: 8 })]);

    expect(vector).toMatchObject({ count_10m: 1, last_amount: 7, since_last: 86_400 });
  });
});

describe(`${processEvent.name}: derived features`, () => {
  it('computes a derived feature from the event and the features before it', () => {
    expect(lastVectorOf([tx(0, { amount: 10 }), tx(1_000, { amount: 30 })])['amount_over_mean']).toBe(1.5);
  });

  it('gives null when the derived function guards a division by zero', () => {
    expect(lastVectorOf([tx(0, { amount: 0 })])['amount_over_mean']).toBeNull();
  });

  it('turns an infinite or NaN derived value into null', () => {
    const vectors = vectorsOf([tx(0, { amount: 0 }), tx(1_000, { amount: 5 })]);

    expect(vectors.map((v) => v['amount_over_min_unguarded'])).toEqual([null, null]);
  });
});
