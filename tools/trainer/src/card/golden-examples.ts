import type { LabelledExample } from '../training-set/labelled-examples';

/** How many golden examples a card carries, and how many of them have a missing value when the holdout has such rows. */
export const GOLDEN_EXAMPLES = 8;
const WITH_MISSING = 3;
const POSITIVES = 2;

/**
 * Indexes of holdout rows to keep as golden examples: some with missing values (the imputation
 * path), some positives (high scores), the rest spread evenly over the holdout. Deterministic;
 * ascending; fewer only when the holdout is smaller.
 */
export function pickGoldenExamples(holdout: readonly LabelledExample[], count = GOLDEN_EXAMPLES): number[] {
  const indexes = holdout.map((_, i) => i);
  const chosen = new Set<number>();
  const take = (candidates: readonly number[], wanted: number) => {
    for (const i of spread(
      candidates.filter((c) => !chosen.has(c)),
      Math.min(wanted, count - chosen.size),
    ))
      chosen.add(i);
  };
  take(
    indexes.filter((i) => holdout[i]?.values.some((v) => v === null)),
    WITH_MISSING,
  );
  take(
    indexes.filter((i) => holdout[i]?.label === 1),
    POSITIVES,
  );
  take(indexes, count - chosen.size);
  return [...chosen].sort((a, b) => a - b);
}

/** `wanted` items evenly spaced through `items` (first and last included when possible). */
function spread(items: readonly number[], wanted: number): number[] {
  if (wanted <= 0 || items.length === 0) return [];
  if (items.length <= wanted) return [...items];
  if (wanted === 1) return [items[Math.floor(items.length / 2)] as number];
  return Array.from({ length: wanted }, (_, k) => items[Math.round((k * (items.length - 1)) / (wanted - 1))] as number);
}
