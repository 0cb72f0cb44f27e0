import { feature, type FeatureDefinition } from './definition';
import { defineFeatureView, type FeatureViewSpec } from './view';

const spec = (features: readonly FeatureDefinition[], overrides: Partial<FeatureViewSpec> = {}): FeatureViewSpec => ({
  name: 'spec_view',
  version: 1,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '30d',
  features,
  ...overrides,
});

function problemsOf(viewSpec: FeatureViewSpec): string[] {
  try {
    defineFeatureView(viewSpec);
  } catch (error) {
    const [, ...problems] = (error as Error).message.split('\n');
    return problems.map((line) => line.replace(/^ {2}- /, ''));
  }
  throw new Error('expected defineFeatureView to throw');
}

describe(defineFeatureView.name, () => {
  describe('validation', () => {
    it('lists every problem of the view at once, under its name and version', () => {
      const invalid = spec(
        [
          feature.count('Count', { window: '1h' }),
          { kind: 'window', name: 'amount_sum', aggregation: 'sum', window: '1h' },
          feature.mean('amount_mean', 'amout', { window: '1h' }),
          feature.count('odd_count', { window: '1h', where: { field: 'colour', equals: 'red' } }),
          feature.max('amount_max', 'amount', { window: '1w' }),
          feature.min('amount_min', 'amount', { window: '121s' }),
          feature.lastN('previous', 'amount', 0),
          feature.timeSinceLast('amount_max'),
        ],
        { name: 'Bad-View', version: 0, keyField: 'customer_id', ttl: '30 days', allowedLateness: '5min' },
      );

      expect(() => defineFeatureView(invalid)).toThrow(/^invalid feature view Bad-View v0:\n {2}- /);
      expect(problemsOf(invalid)).toEqual([
        'view name "Bad-View": expected lowercase letters, digits and "_"',
        'version 0: expected a whole number ≥ 1',
        'keyField "customer_id" is not a field of transactions',
        'ttl: invalid duration "30 days": expected a whole number and one of ms, s, m, h, d (e.g. "24h")',
        'allowedLateness: invalid duration "5min": expected a whole number and one of ms, s, m, h, d (e.g. "24h")',
        'feature name "Count": expected lowercase letters, digits and "_"',
        'feature "amount_sum": sum needs a field',
        'feature "amount_mean": "amout" is not a field of transactions',
        'feature "odd_count": "colour" is not a field of transactions',
        'feature "amount_max" window: invalid duration "1w": expected a whole number and one of ms, s, m, h, d (e.g. "24h")',
        'feature "amount_min": window of 121000 ms has no tile size: use a whole number of seconds, minutes, hours or days up to 120 days',
        'feature "previous": n must be 1..50',
        'duplicate feature names: amount_max',
      ]);
    });

    it.each([[0], [51], [1.5]])('refuses last_n with n = %d', (n) => {
      expect(problemsOf(spec([feature.lastN('previous', 'amount', n)]))).toEqual(['feature "previous": n must be 1..50']);
    });

    it('refuses a name that collides with an expanded last_n name', () => {
      expect(problemsOf(spec([feature.lastN('previous', 'amount', 2), feature.last('previous_2', 'amount')]))).toEqual([
        'duplicate feature names: previous_2',
      ]);
    });

    it('names each duplicate once, however often it repeats', () => {
      const repeated = [1, 2, 3].map(() => feature.timeSinceLast('since'));

      expect(problemsOf(spec([...repeated, feature.count('n', { window: '1h' }), feature.count('n', { window: '2h' })]))).toEqual([
        'duplicate feature names: since, n',
      ]);
    });

    it('accepts count without a field and an allowed lateness of zero', () => {
      expect(() => defineFeatureView(spec([feature.count('n', { window: '1m' })], { allowedLateness: '0s' }))).not.toThrow();
    });
  });

  describe('resolved layout', () => {
    const view = defineFeatureView(
      spec([
        feature.count('count_1m', { window: '1m' }),
        feature.count('count_2m', { window: '2m' }),
        feature.sum('amount_sum_1m', 'amount', { window: '1m' }),
        feature.max('amount_max_90s', 'amount', { window: '90s' }),
        feature.count('online_count_1m', { window: '1m', where: { field: 'channel', equals: 'online' } }),
        feature.distinct('devices_1m', 'device_id', { window: '1m' }),
        feature.count('count_10m', { window: '10m' }),
        feature.last('last_amount', 'amount'),
        feature.lastN('previous_amount', 'amount', 3),
        feature.lastN('previous_card_present', 'card_present', 2),
        feature.timeSinceLast('since_last'),
        feature.derived('double_amount', (request) => (typeof request['amount'] === 'number' ? request['amount'] * 2 : null)),
      ]),
    );

    it('lays the vector out in definition order, last_n expanded to name_1 … name_n', () => {
      expect(view.outputNames).toEqual([
        'count_1m',
        'count_2m',
        'amount_sum_1m',
        'amount_max_90s',
        'online_count_1m',
        'devices_1m',
        'count_10m',
        'last_amount',
        'previous_amount_1',
        'previous_amount_2',
        'previous_amount_3',
        'previous_card_present_1',
        'previous_card_present_2',
        'since_last',
        'double_amount',
      ]);
    });

    it('shares tiles between windowed features with the same field, condition and tile size', () => {
      expect(view.groups).toEqual([
        { key: '*|*|1000', field: undefined, where: undefined, tileMs: 1_000, maxWindowMs: 120_000, distinct: false },
        { key: 'amount|*|1000', field: 'amount', where: undefined, tileMs: 1_000, maxWindowMs: 90_000, distinct: false },
        {
          key: '*|channel="online"|1000',
          field: undefined,
          where: { field: 'channel', equals: 'online' },
          tileMs: 1_000,
          maxWindowMs: 60_000,
          distinct: false,
        },
        { key: 'device_id|*|1000', field: 'device_id', where: undefined, tileMs: 1_000, maxWindowMs: 60_000, distinct: true },
        { key: '*|*|10000', field: undefined, where: undefined, tileMs: 10_000, maxWindowMs: 600_000, distinct: false },
      ]);
    });

    it('maps each windowed feature to its group and window', () => {
      expect(view.groupOf.get('count_1m')?.key).toBe('*|*|1000');
      expect(view.groupOf.get('count_2m')?.key).toBe('*|*|1000');
      expect(view.groupOf.get('devices_1m')?.key).toBe('device_id|*|1000');
      expect(view.groupOf.get('count_10m')?.key).toBe('*|*|10000');
      expect([...view.windowOf]).toEqual([
        ['count_1m', 60_000],
        ['count_2m', 120_000],
        ['amount_sum_1m', 60_000],
        ['amount_max_90s', 90_000],
        ['online_count_1m', 60_000],
        ['devices_1m', 60_000],
        ['count_10m', 600_000],
      ]);
    });

    it('keeps per field as many previous values as its deepest last/last_n feature needs', () => {
      expect([...view.lastDepth]).toEqual([
        ['amount', 3],
        ['card_present', 2],
      ]);
    });

    it('resolves durations, the default allowed lateness of 5 min and the fields of the source event type', () => {
      expect(view).toMatchObject({ ttlMs: 2_592_000_000, allowedLatenessMs: 300_000, timeField: 'event_time', idField: 'event_id' });
    });
  });
});
