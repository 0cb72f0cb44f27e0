import type { Label, Transaction } from '@mlops/contracts';
import type { Rng } from './rng';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface LabelPolicy {
  /** Share of legitimate transactions confirmed by a review or the customer. @default 0.03 */
  readonly legitLabelShare?: number;
}

/** A label waiting for the simulated clock to reach its `label_time`. */
export interface PendingLabel {
  readonly time: number;
  readonly label: Label;
}

/**
 * The label a transaction will get, if any. Every fraud is charged back, from minutes to about a
 * month later (lognormal, median one day); a few legitimate payments are confirmed by a review or
 * the customer within hours to days. `label_time` is always after `event_time`.
 */
export function labelFor(tx: Transaction, isFraud: boolean, rng: Rng, policy: LabelPolicy = {}): PendingLabel | undefined {
  if (isFraud) return pending(tx, true, 'chargeback', clamp(rng.lognormal(Math.log(DAY_MS), 1.8), 2 * MINUTE_MS, 45 * DAY_MS));
  if (!rng.chance(policy.legitLabelShare ?? 0.03)) return undefined;
  const source = rng.chance(0.7) ? 'review' : 'customer';
  return pending(tx, false, source, clamp(rng.lognormal(Math.log(6 * 60 * MINUTE_MS), 1.2), 2 * MINUTE_MS, 30 * DAY_MS));
}

function pending(tx: Transaction, isFraud: boolean, source: Label['source'], delayMs: number): PendingLabel {
  const time = tx.event_time + Math.max(1, Math.round(delayMs));
  return { time, label: { event_id: tx.event_id, user_id: tx.user_id, label_time: time, is_fraud: isFraud, source } };
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));
