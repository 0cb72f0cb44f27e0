import { KMV_K, hash32, kmvAdd, kmvEstimate, kmvMerge } from './kmv';

const sketchOf = (values: readonly string[]): number[] => values.reduce<number[]>((sketch, value) => kmvAdd(sketch, hash32(value)), []);
const names = (prefix: string, count: number, from = 0): string[] => Array.from({ length: count }, (_, i) => `${prefix}-${from + i}`);

describe(hash32.name, () => {
  it('is FNV-1a 32 bit: stable values for known inputs', () => {
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
    expect(hash32('foobar')).toBe(0xbf9cf968);
  });

  it('returns an unsigned 32-bit integer', () => {
    for (const value of names('m', 100)) {
      const hash = hash32(value);
      expect(Number.isInteger(hash)).toBe(true);
      expect(hash).toBeGreaterThanOrEqual(0);
      expect(hash).toBeLessThan(2 ** 32);
    }
  });
});

describe(kmvAdd.name, () => {
  it('keeps the sketch sorted, unique and at most k long', () => {
    const sketch = sketchOf([...names('d', 40), ...names('d', 40)]);

    expect(sketch).toHaveLength(KMV_K);
    expect(sketch).toEqual([...new Set(sketch)].sort((a, b) => a - b));
  });

  it('keeps the k smallest hashes seen', () => {
    const hashes = names('d', 40).map(hash32);

    expect(sketchOf(names('d', 40))).toEqual([...hashes].sort((a, b) => a - b).slice(0, KMV_K));
  });

  it('does not modify the sketch passed in', () => {
    const sketch = sketchOf(names('d', 3));
    const copy = [...sketch];

    kmvAdd(sketch, 1);

    expect(sketch).toEqual(copy);
  });
});

describe(kmvEstimate.name, () => {
  it('counts exactly below k distinct values, whatever the repeats', () => {
    expect(kmvEstimate([])).toBe(0);
    expect(kmvEstimate(sketchOf(['a', 'b', 'a', 'c', 'b']))).toBe(3);
    expect(kmvEstimate(sketchOf(names('d', KMV_K - 1)))).toBe(KMV_K - 1);
  });

  it('estimates 1,000 distinct values within 30%', () => {
    const estimate = kmvEstimate(sketchOf(names('merchant', 1_000)));

    expect(Math.abs(estimate - 1_000) / 1_000).toBeLessThan(0.3);
  });

  it('gives the same estimate whatever the order values arrive in', () => {
    const values = names('merchant', 500);

    expect(kmvEstimate(sketchOf([...values].reverse()))).toBe(kmvEstimate(sketchOf(values)));
  });
});

describe(kmvMerge.name, () => {
  it('merges sketches into the sketch of the union', () => {
    const a = names('d', 300);
    const b = names('d', 300, 200);

    expect(kmvMerge([sketchOf(a), sketchOf(b)])).toEqual(sketchOf([...a, ...b]));
  });

  it('counts values seen in several sketches once', () => {
    expect(kmvEstimate(kmvMerge([sketchOf(['a', 'b']), sketchOf(['b', 'c']), []]))).toBe(3);
  });

  it('merges no sketches into the empty sketch', () => {
    expect(kmvMerge([])).toEqual([]);
  });
});
