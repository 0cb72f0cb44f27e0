import { describeCondition, feature, matches, type Condition } from './definition';

describe(matches.name, () => {
  const event = { channel: 'online', amount: 1.5, card_present: false, device_id: null };

  it('keeps every event when there is no condition', () => {
    expect(matches(undefined, event)).toBe(true);
  });

  it.each<[string, Condition, boolean]>([
    ['equal strings', { field: 'channel', equals: 'online' }, true],
    ['different strings', { field: 'channel', equals: 'pos' }, false],
    ['equal booleans', { field: 'card_present', equals: false }, true],
    ['a boolean against its string form', { field: 'card_present', equals: 'false' }, false],
    ['a missing field', { field: 'country', equals: 'DE' }, false],
    ['a smaller number for lessThan', { field: 'amount', lessThan: 2 }, true],
    ['an equal number for lessThan', { field: 'amount', lessThan: 1.5 }, false],
    ['a greater number for greaterThan', { field: 'amount', greaterThan: 1 }, true],
    ['an equal number for greaterThan', { field: 'amount', greaterThan: 1.5 }, false],
    ['a string for lessThan', { field: 'channel', lessThan: 100 }, false],
    ['null for greaterThan', { field: 'device_id', greaterThan: -1 }, false],
  ])('compares %s strictly', (_, condition, expected) => {
    expect(matches(condition, event)).toBe(expected);
  });
});

describe(describeCondition.name, () => {
  it.each<[Condition | undefined, string]>([
    [undefined, '*'],
    [{ field: 'channel', equals: 'online' }, 'channel="online"'],
    [{ field: 'card_present', equals: false }, 'card_present=false'],
    [{ field: 'amount', lessThan: 2 }, 'amount<2'],
    [{ field: 'amount', greaterThan: 100 }, 'amount>100'],
  ])('writes %j as %j', (condition, text) => {
    expect(describeCondition(condition)).toBe(text);
  });

  it('tells a string from a number of the same digits', () => {
    expect(describeCondition({ field: 'x', equals: '1' })).not.toBe(describeCondition({ field: 'x', equals: 1 }));
  });
});

describe('feature', () => {
  it('builds window features that read like their definition', () => {
    expect(feature.sum('amount_sum_1h', 'amount', { window: '1h', where: { field: 'channel', equals: 'online' } })).toEqual({
      kind: 'window',
      name: 'amount_sum_1h',
      aggregation: 'sum',
      field: 'amount',
      window: '1h',
      where: { field: 'channel', equals: 'online' },
    });
    expect(feature.count('tx_count_10m', { window: '10m' })).toEqual({
      kind: 'window',
      name: 'tx_count_10m',
      aggregation: 'count',
      window: '10m',
    });
  });

  it('builds the per-event features', () => {
    expect(feature.last('last_amount', 'amount')).toEqual({ kind: 'last', name: 'last_amount', field: 'amount' });
    expect(feature.lastN('previous', 'amount', 3)).toEqual({ kind: 'last_n', name: 'previous', field: 'amount', n: 3 });
    expect(feature.timeSinceLast('since')).toEqual({ kind: 'time_since_last', name: 'since' });
  });
});
