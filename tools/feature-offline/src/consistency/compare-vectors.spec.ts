import type { LoggedVector } from '../archive/feature-log-sql';
import { compareVectors, ulpDistance, valuesMatch } from './compare-vectors';

const names = ['count', 'mean', 'last'];
const vector = (event_id: string, values: (number | null)[], fields: Partial<LoggedVector> = {}): LoggedVector => ({
  entity_id: 'u1',
  event_id,
  event_time: 1_000,
  values,
  ...fields,
});
const next = (value: number): number => {
  const buffer = Buffer.alloc(8);
  buffer.writeDoubleLE(value);
  buffer.writeBigInt64LE(buffer.readBigInt64LE() + 1n);
  return buffer.readDoubleLE();
};

describe(valuesMatch.name, () => {
  it('matches equal numbers and two nulls exactly', () => {
    expect(valuesMatch(0.1 + 0.2, 0.1 + 0.2, 0)).toBe(true);
    expect(valuesMatch(null, null, 0)).toBe(true);
  });

  it('treats 0 and −0 as equal', () => {
    expect(valuesMatch(0, -0, 0)).toBe(true);
  });

  it('refuses a value one ulp off when exact', () => {
    expect(valuesMatch(0.3, next(0.3), 0)).toBe(false);
  });

  it('never matches null with a number, whatever the tolerance', () => {
    expect(valuesMatch(null, 0, 1)).toBe(false);
    expect(valuesMatch(0, null, 1)).toBe(false);
  });

  it('accepts differences up to tolerance × max(1, |a|, |b|)', () => {
    expect(valuesMatch(1e6, 1e6 + 1e-4, 1e-9)).toBe(true);
    expect(valuesMatch(1e6, 1e6 + 1e-2, 1e-9)).toBe(false);
    expect(valuesMatch(1e-12, 2e-12, 1e-9)).toBe(true);
    expect(valuesMatch(1, 1 + 2e-9, 1e-9)).toBe(false);
  });
});

describe(ulpDistance.name, () => {
  it('counts representable doubles between two values', () => {
    expect(ulpDistance(0.3, 0.3)).toBe(0);
    expect(ulpDistance(0.3, next(0.3))).toBe(1);
    expect(ulpDistance(next(next(7)), 7)).toBe(2);
  });

  it('counts across zero', () => {
    expect(ulpDistance(-5e-324, 5e-324)).toBe(2);
    expect(ulpDistance(-0, 0)).toBe(0);
  });
});

describe(compareVectors.name, () => {
  it('reports 100% equal when every vector has an equal twin', () => {
    const vectors = [vector('e1', [1, 2.5, null]), vector('e2', [2, 0.1 + 0.2, 7])];

    const comparison = compareVectors(
      names,
      vectors,
      vectors.map((v) => ({ ...v, values: [...v.values] })),
    );

    expect(comparison).toEqual({
      tolerance: 0,
      counts: { online: 2, offline: 2, matched: 2, onlyOnline: 0, onlyOffline: 0, equal: 2, different: 0 },
      features: [],
      shapeMismatches: { count: 0, examples: [] },
      onlyOnlineExamples: [],
      onlyOfflineExamples: [],
      ok: true,
    });
  });

  it('names the feature and the event of a mismatch, with its size', () => {
    const online = [vector('e1', [1, 2.5, null]), vector('e2', [2, next(0.3), 7], { entity_id: 'u2' })];
    const offline = [vector('e1', [1, 2.5, null]), vector('e2', [2, 0.3, 7], { entity_id: 'u2' })];

    const comparison = compareVectors(names, online, offline);

    expect(comparison.ok).toBe(false);
    expect(comparison.counts).toMatchObject({ matched: 2, equal: 1, different: 1 });
    expect(comparison.features).toEqual([
      {
        feature: 'mean',
        index: 1,
        count: 1,
        nullMismatches: 0,
        maxAbsDiff: next(0.3) - 0.3,
        maxUlps: 1,
        examples: [{ entity_id: 'u2', event_id: 'e2', event_time: 1_000, online: next(0.3), offline: 0.3 }],
      },
    ]);
  });

  it('accepts that mismatch within a tolerance', () => {
    const comparison = compareVectors(names, [vector('e1', [1, next(0.3), null])], [vector('e1', [1, 0.3, null])], { tolerance: 1e-12 });

    expect(comparison).toMatchObject({ tolerance: 1e-12, ok: true, features: [], counts: { equal: 1 } });
  });

  it('counts a null on one side as a null mismatch, without an absolute difference', () => {
    const comparison = compareVectors(names, [vector('e1', [1, 2, null])], [vector('e1', [1, 2, 5])]);

    expect(comparison.features).toEqual([
      expect.objectContaining({ feature: 'last', count: 1, nullMismatches: 1, maxAbsDiff: 0, maxUlps: 0 }),
    ]);
  });

  it('counts vectors of one side only, with example ids', () => {
    const comparison = compareVectors(
      names,
      [vector('e1', [1, 1, 1]), vector('e2', [1, 1, 1])],
      [vector('e2', [1, 1, 1]), vector('e3', [1, 1, 1])],
    );

    expect(comparison).toMatchObject({
      ok: false,
      counts: { online: 2, offline: 2, matched: 1, onlyOnline: 1, onlyOffline: 1, equal: 1, different: 0 },
      onlyOnlineExamples: ['e1'],
      onlyOfflineExamples: ['e3'],
    });
  });

  it('reports vectors of another length, entity or event time as shape mismatches', () => {
    const comparison = compareVectors(
      names,
      [vector('e1', [1, 1]), vector('e2', [1, 1, 1], { event_time: 5 })],
      [vector('e1', [1, 1, 1]), vector('e2', [1, 1, 1])],
    );

    expect(comparison.counts).toMatchObject({ equal: 0, different: 2 });
    expect(comparison.shapeMismatches).toEqual({
      count: 2,
      examples: [
        {
          event_id: 'e1',
          online: { entity_id: 'u1', event_time: 1_000, length: 2 },
          offline: { entity_id: 'u1', event_time: 1_000, length: 3 },
        },
        {
          event_id: 'e2',
          online: { entity_id: 'u1', event_time: 5, length: 3 },
          offline: { entity_id: 'u1', event_time: 1_000, length: 3 },
        },
      ],
    });
  });

  it('keeps at most maxExamples examples per feature, counting every mismatch', () => {
    const ids = ['a', 'b', 'c', 'd'];

    const comparison = compareVectors(
      names,
      ids.map((id) => vector(id, [1, 1, 1])),
      ids.map((id) => vector(id, [2, 1, 1])),
      { maxExamples: 2 },
    );

    expect(comparison.features[0]).toMatchObject({ feature: 'count', count: 4, maxAbsDiff: 1 });
    expect(comparison.features[0]?.examples.map((e) => e.event_id)).toEqual(['a', 'b']);
  });
});
