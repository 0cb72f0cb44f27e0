import { Rng, WeightedTable } from './rng';

const draws = (rng: Rng, n: number, draw: (r: Rng) => number): number[] => Array.from({ length: n }, () => draw(rng));
const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

describe(Rng.name, () => {
  it('gives the same numbers for the same seed, and different ones for another', () => {
    const a = draws(new Rng(42), 100, (r) => r.nextUint32());
    expect(draws(new Rng(42), 100, (r) => r.nextUint32())).toEqual(a);
    expect(draws(new Rng('42'), 100, (r) => r.nextUint32())).toEqual(a);
    expect(draws(new Rng(43), 100, (r) => r.nextUint32())).not.toEqual(a);
  });

  it('forks independent streams that are themselves deterministic', () => {
    const root = new Rng(1);
    const x = root.fork('x');
    const y = root.fork('y');
    expect(draws(x, 20, (r) => r.float())).not.toEqual(draws(y, 20, (r) => r.float()));
    const again = new Rng(1);
    expect(draws(again.fork('x'), 20, (r) => r.float())).toEqual(draws(new Rng(1).fork('x'), 20, (r) => r.float()));
  });

  it('draws floats in [0, 1) with mean 1/2 and integers within their inclusive bounds', () => {
    const rng = new Rng(7);
    const floats = draws(rng, 20_000, (r) => r.float());
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    expect(Math.abs(mean(floats) - 0.5)).toBeLessThan(0.01); // 5 standard errors
    const ints = draws(rng, 5_000, (r) => r.int(2, 6));
    expect(new Set(ints)).toEqual(new Set([2, 3, 4, 5, 6]));
  });

  it('draws normal, lognormal, exponential and Poisson values with the right means', () => {
    const rng = new Rng(9);
    expect(mean(draws(rng, 50_000, (r) => r.normal(3, 2)))).toBeCloseTo(3, 1);
    const logs = draws(rng, 50_000, (r) => r.lognormal(Math.log(10), 0.5)).sort((a, b) => a - b);
    expect(logs[25_000]).toBeGreaterThan(9.5); // the median is exp(mu)
    expect(logs[25_000]).toBeLessThan(10.5);
    expect(mean(draws(rng, 50_000, (r) => r.exponential(4)))).toBeCloseTo(0.25, 2);
    expect(mean(draws(rng, 50_000, (r) => r.poisson(3)))).toBeCloseTo(3, 1);
    expect(Math.min(...draws(rng, 10_000, (r) => r.pareto(1.5)))).toBeGreaterThanOrEqual(1);
  });

  it('picks by weight, never a zero-weight item, and refuses empty or weightless choices', () => {
    const rng = new Rng(3);
    const picks = draws(rng, 30_000, (r) => r.weightedIndex([1, 0, 3]));
    expect(picks.filter((i) => i === 1)).toHaveLength(0);
    expect(picks.filter((i) => i === 2).length / picks.filter((i) => i === 0).length).toBeCloseTo(3, 0);
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(() => rng.weightedIndex([0, 0])).toThrow(RangeError);
  });
});

describe(WeightedTable.name, () => {
  it('picks items in proportion to their weights', () => {
    const table = new WeightedTable(['a', 'b', 'c'], (item) => ({ a: 1, b: 2, c: 7 })[item] ?? 0);
    const rng = new Rng(5);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 50_000; i += 1) counts[table.pick(rng) as 'a' | 'b' | 'c'] += 1;
    expect(counts.a / 50_000).toBeCloseTo(0.1, 1);
    expect(counts.b / 50_000).toBeCloseTo(0.2, 1);
    expect(counts.c / 50_000).toBeCloseTo(0.7, 1);
  });
});
