import type { FeatureVector } from '@mlops/contracts';

/** Whether `a` should replace `b` under one key: a later event time, or the same one computed no earlier. */
export const supersedes = (a: FeatureVector, b: FeatureVector): boolean =>
  a.event_time > b.event_time || (a.event_time === b.event_time && a.computed_at >= b.computed_at);

/**
 * The newest vector per key of a batch, by the rule the Redis script applies, so one batch sends
 * one write per key. Ties go to the later message (log order), as the script would.
 */
export function newestPerKey(vectors: readonly FeatureVector[], keyOf: (vector: FeatureVector) => string): Map<string, FeatureVector> {
  const newest = new Map<string, FeatureVector>();
  for (const vector of vectors) {
    const key = keyOf(vector);
    const held = newest.get(key);
    if (held === undefined || supersedes(vector, held)) newest.set(key, vector);
  }
  return newest;
}
