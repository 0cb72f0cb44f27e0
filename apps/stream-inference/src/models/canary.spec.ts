import { entityBucket, servedByChallenger } from './canary';

const ids = Array.from({ length: 20_000 }, (_, i) => `u-${i}`);

describe(entityBucket.name, () => {
  it('puts an entity in the same place every time, in every process and release', () => {
    expect(ids.slice(0, 100).map(entityBucket)).toEqual(ids.slice(0, 100).map(entityBucket));
    // Pinned: a different hash would move entities between champion and challenger mid-canary.
    expect(['u-0', 'u-1', 'user-42', ''].map(entityBucket)).toEqual([
      0.3862488064914942, 0.0457511602435261, 0.48501691734418273, 0.6689221884589642,
    ]);
  });

  it('gives a place in [0, 1), also for the empty id and ids outside ASCII', () => {
    const buckets = [...ids, '', 'ü-ñ-😀', 'x'.repeat(10_000)].map(entityBucket);

    expect(buckets.every((b) => b >= 0 && b < 1)).toBe(true);
  });

  it('spreads sequential ids evenly: each tenth of [0, 1) gets 10% ± 1% of them', () => {
    const tenths = new Array<number>(10).fill(0);
    for (const id of ids) {
      const tenth = Math.floor(entityBucket(id) * 10);
      tenths[tenth] = (tenths[tenth] ?? 0) + 1;
    }
    const shares = tenths.map((count) => count / ids.length);

    expect(Math.min(...shares)).toBeGreaterThan(0.09);
    expect(Math.max(...shares)).toBeLessThan(0.11);
  });

  it('puts 30% ± 2% of the ids below 0.3', () => {
    const below = ids.filter((id) => entityBucket(id) < 0.3).length / ids.length;

    expect(below).toBeGreaterThan(0.28);
    expect(below).toBeLessThan(0.32);
  });

  it('separates ids that differ in their last character', () => {
    const buckets = new Set(['u-10', 'u-11', 'u-12', 'u-13', 'u-14', 'u-15', 'u-16', 'u-17', 'u-18', 'u-19'].map(entityBucket));

    expect(buckets.size).toBe(10);
  });
});

describe(servedByChallenger.name, () => {
  it('serves nobody from the challenger at traffic 0', () => {
    expect(ids.some((id) => servedByChallenger(id, 0))).toBe(false);
  });

  it('serves everybody from the challenger at traffic 1', () => {
    expect(ids.every((id) => servedByChallenger(id, 1))).toBe(true);
  });

  it('serves exactly the entities whose bucket is below the share, the same ones every time', () => {
    const served = ids.filter((id) => servedByChallenger(id, 0.1));

    expect(served).toEqual(ids.filter((id) => entityBucket(id) < 0.1));
    expect(served.length / ids.length).toBeGreaterThan(0.08);
    expect(served.length / ids.length).toBeLessThan(0.12);
  });

  it('keeps the entities of a smaller share when the share grows', () => {
    const small = ids.filter((id) => servedByChallenger(id, 0.05));

    expect(small.every((id) => servedByChallenger(id, 0.2))).toBe(true);
  });
});
