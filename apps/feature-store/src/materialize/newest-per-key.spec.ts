import type { FeatureVector } from '@mlops/contracts';
import { newestPerKey, supersedes } from './newest-per-key';

const vector = (entity: string, eventTime: number, computedAt: number, id = `${entity}-${eventTime}-${computedAt}`): FeatureVector => ({
  event_id: id,
  view: 'v',
  view_version: 1,
  entity_id: entity,
  event_time: eventTime,
  computed_at: computedAt,
  values: [],
});

describe(supersedes.name, () => {
  it('prefers the later event time, whatever the computed times', () => {
    expect(supersedes(vector('a', 2, 0), vector('a', 1, 9))).toBe(true);
    expect(supersedes(vector('a', 1, 9), vector('a', 2, 0))).toBe(false);
  });

  it('breaks a tie of event times by the later computed time, and lets an equal one replace', () => {
    expect(supersedes(vector('a', 1, 5), vector('a', 1, 4))).toBe(true);
    expect(supersedes(vector('a', 1, 4), vector('a', 1, 5))).toBe(false);
    expect(supersedes(vector('a', 1, 4, 'x'), vector('a', 1, 4, 'y'))).toBe(true);
  });
});

describe(newestPerKey.name, () => {
  it('keeps the newest vector of each key, whatever the order in the batch', () => {
    const batch = [vector('a', 3, 0), vector('b', 1, 0), vector('a', 5, 0), vector('a', 4, 0), vector('b', 1, 2)];
    const newest = newestPerKey(batch, (v) => v.entity_id);
    expect([...newest].map(([key, v]) => [key, v.event_id])).toEqual([
      ['a', 'a-5-0'],
      ['b', 'b-1-2'],
    ]);
  });
});
