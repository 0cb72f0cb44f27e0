// Seeded synthetic data for the specs.
import type { LabelledExample } from '../training-set/labelled-examples';
import type { Label } from '../model/metrics';

/** A seeded uniform [0, 1) generator (LCG): the same rows on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Standard normal by Box–Muller. */
export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Rows whose label is drawn from a known logistic model: x ~ N(0, 1) per column (a share
 * `missingRate` of values missing), P(y = 1) = sigmoid(bias + w·x). Timestamps one minute apart.
 */
export function syntheticExamples(options: {
  readonly rows: number;
  readonly weights: readonly number[];
  readonly bias: number;
  readonly seed: number;
  readonly missingRate?: number;
}): LabelledExample[] {
  const random = seeded(options.seed);
  return Array.from({ length: options.rows }, (_, i) => {
    const x = options.weights.map(() => normal(random));
    const z = x.reduce((sum, v, j) => sum + v * (options.weights[j] as number), options.bias);
    const label: Label = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    return {
      entityId: `user-${i % 17}`,
      eventId: `tx-${String(i).padStart(6, '0')}`,
      timestamp: Date.UTC(2026, 0, 1) + i * 60_000,
      label,
      values: x.map((v) => (random() < (options.missingRate ?? 0) ? null : v)),
    };
  });
}
