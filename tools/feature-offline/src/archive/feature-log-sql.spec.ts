import { defineFeatureView, feature } from '@mlops/features';
import { featureLogInsert, float64Hex } from './feature-log-sql';

const view = defineFeatureView({
  name: 'spec_view',
  version: 3,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '1d',
  features: [feature.count('n', { window: '1h' }), feature.last('last_amount', 'amount')],
});

describe(float64Hex.name, () => {
  it.each([
    [1, '000000000000f03f'],
    [-0, '0000000000000080'],
    [0, '0000000000000000'],
    [0.1, '9a9999999999b93f'],
    [5e-324, '0100000000000000'],
  ])('writes the little-endian bits of %d', (value, hex) => {
    expect(float64Hex(value)).toBe(hex);
  });

  it('writes null as the empty string', () => {
    expect(float64Hex(null)).toBe('');
  });

  it('round-trips every value bit for bit through its hex', () => {
    for (const value of [0.1 + 0.2, -1 / 3, 6.698009121368075, Number.MAX_VALUE, 1e-300]) {
      expect(Buffer.from(float64Hex(value), 'hex').readDoubleLE()).toBe(value);
    }
  });
});

describe(featureLogInsert.name, () => {
  const times = { computedAtMs: 1_767_225_600_999, loggedAt: new Date(1_767_225_601_500) };
  const query = featureLogInsert(
    'spec_db',
    view,
    [
      { entity_id: "o'brien", event_id: 'e\\1', event_time: 1_767_225_600_123, values: [1, null] },
      { entity_id: 'u2', event_id: 'e2', event_time: 1_767_225_600_456, values: [2, 0.5] },
    ],
    times,
  );

  it('inserts into the database’s feature_log with the view name and version', () => {
    expect(query).toMatch(/^INSERT INTO spec_db\.feature_log\n/);
    expect(query).toContain("SELECT 'spec_view', 3, entity_id");
  });

  it('quotes ids and sends each value as its bits, null as the empty string', () => {
    expect(query).toContain("ARRAY JOIN ['o''brien','u2'] AS entity_id, ['e\\\\1','e2'] AS event_id,");
    expect(query).toContain("[['000000000000f03f',''],['0000000000000040','000000000000e03f']] AS bits");
    expect(query).toContain('[toUInt64(1767225600123),toUInt64(1767225600456)] AS event_time_ms');
  });

  it('stamps computed_at_ms and logged_at (whole seconds) from the given times', () => {
    expect(query).toContain('1767225600999, arrayMap(');
    expect(query).toContain('toDateTime(1767225601)');
  });

  it('refuses an empty batch', () => {
    expect(() => featureLogInsert('spec_db', view, [], times)).toThrow('no vectors to insert into feature_log');
  });

  it('refuses a database name that is not a plain identifier', () => {
    expect(() => featureLogInsert('spec-db', view, [{ entity_id: 'u', event_id: 'e', event_time: 1, values: [] }], times)).toThrow(
      '"spec-db" is not a plain identifier',
    );
  });
});
