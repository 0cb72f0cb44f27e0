/** Labels of a binary problem: 1 = positive (fraud). */
export type Label = 0 | 1;

/** Counts and rates at one threshold: a score at or above it is a predicted positive. */
export interface ConfusionMetrics {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  /** tp / (tp + fp); 0 when nothing is predicted positive. */
  readonly precision: number;
  /** tp / (tp + fn); 0 when there are no positives. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
}

/** What a model card reports for one split. */
export interface BinaryMetrics extends ConfusionMetrics {
  readonly rows: number;
  readonly positives: number;
  /** positives / rows */
  readonly baseRate: number;
  readonly auc: number;
  readonly logLoss: number;
  readonly threshold: number;
}

function checkLengths(scores: ArrayLike<number>, labels: ArrayLike<Label>): void {
  if (scores.length !== labels.length) throw new RangeError(`${scores.length} scores for ${labels.length} labels`);
}

/**
 * Area under the ROC curve from ranks (Mann–Whitney U): the chance that a random positive scores
 * above a random negative, tied scores counting half (they share their average rank).
 * Throws RangeError when either class is absent: the AUC is undefined then.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<Label>): number {
  checkLengths(scores, labels);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1] as number] === scores[order[start] as number]) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k += 1) {
      if (labels[order[k] as number] === 1) {
        positives += 1;
        positiveRankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) throw new RangeError(`AUC needs both classes: ${positives} positives, ${negatives} negatives`);
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Precision, recall and F1 when scores at or above `threshold` are called positive. */
export function confusionAt(scores: ArrayLike<number>, labels: ArrayLike<Label>, threshold: number): ConfusionMetrics {
  checkLengths(scores, labels);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i += 1) {
    const predicted = (scores[i] as number) >= threshold;
    if (labels[i] === 1) {
      if (predicted) tp += 1;
      else fn += 1;
    } else if (predicted) fp += 1;
    else tn += 1;
  }
  return { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn, ...rates(tp, fp, fn) };
}

function rates(tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

/** Mean negative log-likelihood (nats); scores are clipped to [eps, 1 - eps] so a confident miss costs ~34.5, not Infinity. */
export function logLoss(scores: ArrayLike<number>, labels: ArrayLike<Label>, eps = 1e-15): number {
  checkLengths(scores, labels);
  if (scores.length === 0) throw new RangeError('log loss of no rows');
  let sum = 0;
  for (let i = 0; i < scores.length; i += 1) {
    const p = Math.min(1 - eps, Math.max(eps, scores[i] as number));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / scores.length;
}

/**
 * The threshold with the highest F1 on these scores. Candidates lie halfway between consecutive
 * distinct scores (and just above the top), so a threshold never sits on a score that float32
 * rounding could move across it. Ties in F1 keep the higher threshold (fewer alerts).
 */
export function bestF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<Label>): { threshold: number; f1: number } {
  checkLengths(scores, labels);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const totalPositives = order.reduce((n, i) => n + (labels[i] === 1 ? 1 : 0), 0);
  let best = { threshold: Math.min(1, (scores[order[0] as number] ?? 0.5) + 1e-9), f1: 0 };
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k += 1) {
    const score = scores[order[k] as number] as number;
    if (labels[order[k] as number] === 1) tp += 1;
    else fp += 1;
    const next = order[k + 1];
    if (next !== undefined && scores[next] === score) continue;
    const { f1 } = rates(tp, fp, totalPositives - tp);
    if (f1 > best.f1) best = { threshold: next === undefined ? score / 2 : (score + (scores[next] as number)) / 2, f1 };
  }
  return best;
}

/** Every metric the card reports for one split, at `threshold`. */
export function binaryMetrics(scores: ArrayLike<number>, labels: ArrayLike<Label>, threshold: number): BinaryMetrics {
  const positives = Array.from(labels).filter((l) => l === 1).length;
  return {
    rows: labels.length,
    positives,
    baseRate: labels.length === 0 ? 0 : positives / labels.length,
    auc: rocAuc(scores, labels),
    logLoss: logLoss(scores, labels),
    threshold,
    ...confusionAt(scores, labels, threshold),
  };
}
