// Edge cases of view definitions and the engine, each once a defect.
import type { Transaction } from '@mlops/contracts';
import { feature } from './definition';
import { processEvent } from './engine';
import { decodeState, encodeState, type EntityState } from './entity-state';
import { defineFeatureView, type FeatureViewSpec } from './view';

const T0 = Date.UTC(2026, 0, 1);
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
const base: Omit<FeatureViewSpec, 'features'> = {
  name: 'bugs',
  version: 1,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '30d',
};

describe('feature engine edge cases', () => {
  it('refuses a window of zero length when the view is defined', () => {
    expect(() => defineFeatureView({ ...base, features: [feature.count('n', { window: '0s' })] })).toThrow(
      /feature "n": window of 0 ms: a window must be longer than 0/,
    );
  });

  it('maps each windowed feature to the same TileGroup as view.groups holds', () => {
    const view = defineFeatureView({
      ...base,
      features: [
        feature.sum('amount_sum_1m', 'amount', { window: '1m' }),
        feature.distinct('amount_distinct_2m', 'amount', { window: '2m' }),
      ],
    });

    expect(view.groupOf.get('amount_sum_1m')).toBe(view.groups[0]);
    expect(view.groupOf.get('amount_sum_1m')).toMatchObject({ maxWindowMs: 120_000, distinct: true });
  });

  it('refuses an unknown source event type by listing it as a problem', () => {
    expect(() => defineFeatureView({ ...base, source: 'clicks' as never, features: [] })).toThrow(/invalid feature view bugs v1/);
  });

  it('rejects an event without a valid time and keeps the watermark intact', () => {
    const view = defineFeatureView({ ...base, allowedLateness: '1m', features: [feature.count('n', { window: '1h' })] });
    const events = [tx(600_000), { ...tx(0), event_time: undefined }, tx(0), tx(1_000)] as unknown as Transaction[];
    const run = (roundTrip: boolean) => {
      let state: EntityState | undefined;
      return events.map((event) => {
        const result = processEvent(view, roundTrip ? decodeState(state && encodeState(state)) : state, event);
        state = result.state;
        return result.outcome;
      });
    };

    // The event 600 s behind the first one is too late with a 1 min allowance, whatever came between.
    expect(run(false)[2]).toBe('too_late');
    expect(run(true)[2]).toBe('too_late');
  });

  it('leaves events without a value out of mean, min and max', () => {
    const view = defineFeatureView({
      ...base,
      features: [feature.mean('mean', 'amount', { window: '1h' }), feature.min('min', 'amount', { window: '1h' })],
    });
    const first = processEvent(view, undefined, tx(0, { amount: 10 }));

    const second = processEvent(view, first.state, { ...tx(1_000), amount: null });

    expect(second.values).toEqual([10, 10]);
  });
});
