import { TokenBucket } from './token-bucket';

describe(TokenBucket.name, () => {
  it('accrues tokens at the rate and hands out whole ones', () => {
    const bucket = new TokenBucket(100, 10, 0);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(25)).toBe(2); // 2.5 accrued
    expect(bucket.take(30)).toBe(1); // 0.5 left + 0.5
    expect(bucket.msUntilNext(30)).toBeCloseTo(10, 6);
  });

  it('caps what a pause earns at the capacity, so it never bursts past the rate', () => {
    const bucket = new TokenBucket(1_000, 50, 0);
    expect(bucket.take(10_000)).toBe(50);
    expect(bucket.take(10_000)).toBe(0);
  });

  it('takes at most the requested number', () => {
    const bucket = new TokenBucket(1_000, 100, 0);
    expect(bucket.take(100, 30)).toBe(30);
    expect(bucket.take(100)).toBe(70);
  });

  it('refuses a rate or capacity that cannot work', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow(RangeError);
    expect(() => new TokenBucket(10, 0.5, 0)).toThrow(RangeError);
  });
});
