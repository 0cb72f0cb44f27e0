import type { LabelledExample } from '../training-set/labelled-examples';

export interface TimeSplit {
  /** The oldest rows, in time order. */
  readonly train: readonly LabelledExample[];
  /** The newest rows, in time order: what the model is judged on, as it would meet them after training. */
  readonly holdout: readonly LabelledExample[];
}

/**
 * Orders rows by time (then event id, for a stable order) and keeps the newest `holdoutFraction`
 * (rounded, at least one row) apart. No shuffling: a model must not learn from the future it is
 * evaluated on.
 */
export function splitByTime(examples: readonly LabelledExample[], holdoutFraction: number): TimeSplit {
  if (!(holdoutFraction > 0 && holdoutFraction < 1)) throw new RangeError(`holdout fraction ${holdoutFraction} is not in (0, 1)`);
  const ordered = [...examples].sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  const holdout = Math.min(ordered.length, Math.max(1, Math.round(ordered.length * holdoutFraction)));
  return { train: ordered.slice(0, ordered.length - holdout), holdout: ordered.slice(ordered.length - holdout) };
}
