import type { Rng } from './rng';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Relative card-payment traffic per hour of the day (UTC, the platform's home region): a trough
 * at 3–5 am, a lunchtime peak and a higher evening one. Normalized to a mean of 1.
 */
export const HourlyIntensity: readonly number[] = normalize([
  0.35, 0.2, 0.12, 0.07, 0.07, 0.12, 0.3, 0.6, 0.9, 1.1, 1.25, 1.45, 1.6, 1.5, 1.3, 1.25, 1.3, 1.45, 1.6, 1.65, 1.5, 1.2, 0.9, 0.6,
]);

/** The hour of day (0–23, UTC) of a time in ms since the epoch. */
export const hourOf = (timeMs: number): number => Math.floor((((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);

/** Night-time: 00:00–05:59 UTC. */
export const isNight = (timeMs: number): boolean => hourOf(timeMs) < 6;

/**
 * Card fraud keeps its own hours: flatter than everyday traffic (the square root of its curve),
 * so fraud makes up a larger share of the night without dominating it.
 */
export const FraudIntensity: readonly number[] = normalize(HourlyIntensity.map(Math.sqrt));

/**
 * The next arrival after `from` of a Poisson process whose intensity follows `intensity` per hour
 * of day, with `meanGapMs` between arrivals averaged over a day. Drawn by time rescaling: one unit
 * exponential spent across the piecewise-constant hours, so it depends only on the draws.
 * Returns whole milliseconds (the Avro timestamp-millis type), never before `from`.
 */
export function nextArrival(from: number, meanGapMs: number, intensity: readonly number[], rng: Rng): number {
  if (!(meanGapMs > 0)) throw new RangeError(`mean gap must be positive, got ${meanGapMs}`);
  let work = rng.exponential(1) * meanGapMs; // in "mean-intensity milliseconds"
  let t = from;
  for (;;) {
    const level = intensity[hourOf(t)] ?? 1;
    const untilNextHour = HOUR_MS - (((t % HOUR_MS) + HOUR_MS) % HOUR_MS);
    if (work <= untilNextHour * level) return Math.max(from, Math.round(t + work / level));
    work -= untilNextHour * level;
    t += untilNextHour;
  }
}

/** The first time at or after `timeMs` whose hour of day lies in [fromHour, toHour), plus a uniform offset inside the window. */
export function nextWindow(timeMs: number, fromHour: number, toHour: number, rng: Rng): number {
  const hour = hourOf(timeMs);
  if (hour >= fromHour && hour < toHour) return timeMs;
  const dayStart = timeMs - (((timeMs % DAY_MS) + DAY_MS) % DAY_MS);
  const windowStart = dayStart + fromHour * HOUR_MS + (hour >= toHour ? DAY_MS : 0);
  return Math.round(windowStart + rng.uniform(0, (toHour - fromHour) * HOUR_MS));
}

function normalize(values: readonly number[]): number[] {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.map((v) => v / mean);
}
