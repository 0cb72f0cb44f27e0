import type { FeatureProfile } from '@mlops/model-registry';

/**
 * The distribution of one input over the training split, the baseline drift is measured against.
 * `count` is every row (missing included) and `missing` the rows without a value, so the missing
 * rate is missing / count; histogram counts add up to count − missing. mean and stddev
 * (population) are of the present values, null when there are none.
 *
 * Histogram: inner edges at the deciles of the present values (linear interpolation), repeated
 * edges dropped, outer edges open (null = −∞ / +∞). A value v is in bin i when
 * edges[i] ≤ v < edges[i + 1]. Features with few distinct values (counts, flags) get fewer bins.
 */
export function featureProfile(feature: string, values: readonly (number | null)[], bins = 10): FeatureProfile {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const n = present.length;
  const mean = n === 0 ? null : present.reduce((sum, v) => sum + v, 0) / n;
  const stddev = mean === null ? null : Math.sqrt(present.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n);
  const inner = n === 0 ? [] : [...new Set(Array.from({ length: bins - 1 }, (_, i) => quantile(present, (i + 1) / bins)))];
  const counts = new Array<number>(inner.length + 1).fill(0);
  for (const v of present) counts[binOf(inner, v)] = (counts[binOf(inner, v)] as number) + 1;
  return {
    feature,
    count: values.length,
    missing: values.length - n,
    mean,
    stddev,
    min: present[0] ?? null,
    max: present[n - 1] ?? null,
    histogram: { edges: [null, ...inner, null], counts },
  };
}

/** Linear interpolation between closest ranks (type 7, numpy's default) of an ascending, non-empty array. */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}

/** Index of the bin holding v: the number of inner edges ≤ v (binary search). */
function binOf(inner: readonly number[], v: number): number {
  let lo = 0;
  let hi = inner.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((inner[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
