import { FraudIntensity, HourlyIntensity, hourOf, isNight, nextArrival, nextWindow } from './clock';
import { Rng } from './rng';

const HOUR = 3_600_000;
const start = Date.UTC(2026, 0, 1);

describe('simulated time', () => {
  it('normalizes the daily curves to a mean of 1, with the trough at night', () => {
    for (const curve of [HourlyIntensity, FraudIntensity]) {
      expect(curve).toHaveLength(24);
      expect(curve.reduce((s, v) => s + v, 0) / 24).toBeCloseTo(1, 10);
    }
    expect(HourlyIntensity[4]).toBeLessThan((HourlyIntensity[12] ?? 0) / 10);
    expect(FraudIntensity[4]).toBeGreaterThan(HourlyIntensity[4] ?? 1); // fraud is flatter
  });

  it('reads the UTC hour of day and night-time', () => {
    expect(hourOf(start + 13.5 * HOUR)).toBe(13);
    expect(isNight(start + 5.9 * HOUR)).toBe(true);
    expect(isNight(start + 6 * HOUR)).toBe(false);
  });

  it('draws arrivals with the mean gap over whole days and the daily shape within them', () => {
    const rng = new Rng(1);
    const perHour = Array.from({ length: 24 }, () => 0);
    let t = start;
    let n = 0;
    while (t < start + 20 * 24 * HOUR) {
      t = nextArrival(t, 60_000, HourlyIntensity, rng);
      perHour[hourOf(t)] = (perHour[hourOf(t)] ?? 0) + 1;
      n += 1;
    }
    expect(n / (20 * 24 * 60)).toBeCloseTo(1, 1); // one a minute on average
    expect((perHour[12] ?? 0) / (perHour[4] ?? 1)).toBeGreaterThan(10);
    expect(Number.isInteger(t)).toBe(true);
  });

  it('refuses a mean gap that is not positive', () => {
    expect(() => nextArrival(start, 0, HourlyIntensity, new Rng(1))).toThrow(RangeError);
  });

  it('moves a time into the next window of hours, the same day or the next', () => {
    const rng = new Rng(2);
    expect(nextWindow(start + 2 * HOUR, 0, 6, rng)).toBe(start + 2 * HOUR); // already inside
    const later = nextWindow(start + 7 * HOUR, 9, 19, rng);
    expect(later).toBeGreaterThanOrEqual(start + 9 * HOUR);
    expect(later).toBeLessThan(start + 19 * HOUR);
    const tomorrow = nextWindow(start + 20 * HOUR, 0, 6, rng);
    expect(tomorrow).toBeGreaterThanOrEqual(start + 24 * HOUR);
    expect(tomorrow).toBeLessThan(start + 30 * HOUR);
  });
});
