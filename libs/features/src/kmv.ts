/**
 * A k-minimum-values sketch for approximate distinct counts: keep the k smallest 32-bit hashes
 * seen. Exact while fewer than k distinct values were seen; merges by union. Deterministic, so
 * online and offline give the same estimate for the same values.
 */
export const KMV_K = 16;

/** FNV-1a, 32 bit. */
export function hash32(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i += 1) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The sketch with `hash` added: sorted, unique, at most k long. */
export function kmvAdd(sketch: readonly number[], hash: number): number[] {
  if (sketch.includes(hash)) return [...sketch];
  if (sketch.length >= KMV_K && hash >= (sketch[sketch.length - 1] as number)) return [...sketch];
  return [...sketch, hash].sort((a, b) => a - b).slice(0, KMV_K);
}

export function kmvMerge(sketches: readonly (readonly number[])[]): number[] {
  return [...new Set(sketches.flat())].sort((a, b) => a - b).slice(0, KMV_K);
}

export function kmvEstimate(sketch: readonly number[]): number {
  if (sketch.length < KMV_K) return sketch.length;
  const kth = (sketch[KMV_K - 1] as number) + 1;
  return Math.round(((KMV_K - 1) * 2 ** 32) / kth);
}
