import { featureProfile, quantile } from './feature-profile';

describe(featureProfile.name, () => {
  it('counts every row and the missing ones, and describes the present values', () => {
    const values = [3, null, 1, 2, 4, 5, 6, 7, 8, 9, 10, null];

    const profile = featureProfile('amount', values);

    expect(profile).toMatchObject({ feature: 'amount', count: 12, missing: 2, mean: 5.5, min: 1, max: 10 });
    expect(profile.stddev).toBeCloseTo(Math.sqrt(8.25), 12);
  });

  it('bins at the deciles of the present values, outer edges open', () => {
    // 1..10: decile k sits at position 0.9·k → 1.9, 2.8, …, 9.1
    const profile = featureProfile('amount', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null]);

    expect(profile.histogram.edges[0]).toBeNull();
    expect(profile.histogram.edges.at(-1)).toBeNull();
    profile.histogram.edges.slice(1, -1).forEach((edge, k) => expect(edge).toBeCloseTo(1.9 + 0.9 * k, 12));
    expect(profile.histogram.counts).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('drops repeated edges, so a flag gets few bins', () => {
    const profile = featureProfile('is_online', [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);

    expect(profile.histogram).toEqual({ edges: [null, 0, 0.5, 1, null], counts: [0, 5, 0, 5] });
  });

  it('puts a value equal to an edge in the bin the edge opens', () => {
    expect(featureProfile('x', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]).histogram).toEqual({ edges: [null, 0, null], counts: [0, 11] });
  });

  it('has null statistics and one empty bin when every value is missing', () => {
    expect(featureProfile('x', [null, null])).toEqual({
      feature: 'x',
      count: 2,
      missing: 2,
      mean: null,
      stddev: null,
      min: null,
      max: null,
      histogram: { edges: [null, null], counts: [0] },
    });
  });
});

describe(quantile.name, () => {
  it('interpolates linearly between closest ranks', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantile([10, 20, 30, 40], 0)).toBe(10);
    expect(quantile([10, 20, 30, 40], 1)).toBe(40);
    expect(quantile([7], 0.3)).toBe(7);
  });
});
