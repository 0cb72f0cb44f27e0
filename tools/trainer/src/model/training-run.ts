import type { LabelledExample } from '../training-set/labelled-examples';
import { scoreRow, trainLogisticModel, type FitOptions, type FitProgress, type LogisticModel } from './logistic-regression';
import { bestF1Threshold, binaryMetrics, type BinaryMetrics } from './metrics';
import { fitStandardizer } from './standardizer';
import { splitByTime, type TimeSplit } from './time-split';

export interface TrainingOptions extends Omit<FitOptions, 'positiveWeight'> {
  /** Share of the newest rows held out for evaluation. @default 0.2 */
  readonly holdoutFraction: number;
  /** Fewer rows than this are refused. @default 20 */
  readonly minRows: number;
  /** A weight, or `balanced`: negatives / positives of the training split. @default 1 */
  readonly positiveWeight: number | 'balanced';
  /** A fixed threshold, or `best-f1`: the one maximizing F1 on the training split (never the holdout). @default 0.5 */
  readonly threshold: number | 'best-f1';
}

/** A fitted model, how it was fitted and how it scores. */
export interface TrainingRun {
  readonly model: LogisticModel;
  readonly fit: FitProgress;
  readonly split: TimeSplit;
  /** The weight positives were given. */
  readonly positiveWeight: number;
  readonly threshold: number;
  /** Scores of the JS model (doubles), in split order. */
  readonly trainScores: readonly number[];
  readonly holdoutScores: readonly number[];
  readonly metrics: { readonly train: BinaryMetrics; readonly holdout: BinaryMetrics };
}

/** The data cannot support a model: too few rows, or a class missing from a split. */
export class TrainingRefusedError extends Error {
  override readonly name = 'TrainingRefusedError';
}

/** Splits by time, standardizes on the training split, fits, and scores both splits. Pure and deterministic. */
export function runTraining(examples: readonly LabelledExample[], width: number, options: TrainingOptions): TrainingRun {
  if (examples.length < options.minRows) {
    throw new TrainingRefusedError(`only ${examples.length} labelled rows, at least ${options.minRows} are needed`);
  }
  const split = splitByTime(examples, options.holdoutFraction);
  refuseSingleClass('training', split.train);
  refuseSingleClass('holdout', split.holdout);
  const trainLabels = split.train.map((e) => e.label);
  const trainRows = split.train.map((e) => e.values);
  const positives = trainLabels.filter((l) => l === 1).length;
  const positiveWeight = options.positiveWeight === 'balanced' ? (trainLabels.length - positives) / positives : options.positiveWeight;
  const { model, ...fit } = trainLogisticModel(trainRows, trainLabels, fitStandardizer(trainRows, width), { ...options, positiveWeight });
  const trainScores = trainRows.map((row) => scoreRow(model, row));
  const holdoutScores = split.holdout.map((e) => scoreRow(model, e.values));
  const threshold = options.threshold === 'best-f1' ? bestF1Threshold(trainScores, trainLabels).threshold : options.threshold;
  return {
    model,
    fit,
    split,
    positiveWeight,
    threshold,
    trainScores,
    holdoutScores,
    metrics: {
      train: binaryMetrics(trainScores, trainLabels, threshold),
      holdout: binaryMetrics(
        holdoutScores,
        split.holdout.map((e) => e.label),
        threshold,
      ),
    },
  };
}

function refuseSingleClass(name: string, rows: readonly LabelledExample[]): void {
  const positives = rows.filter((e) => e.label === 1).length;
  if (positives === 0 || positives === rows.length) {
    throw new TrainingRefusedError(
      `the ${name} split (${rows.length} rows) has ${positives} positives and ${rows.length - positives} negatives: both classes are needed`,
    );
  }
}
