import type { FeatureView } from '@mlops/features';
import type { FeatureProfile, ModelCardInput } from '@mlops/model-registry';
import type { BinaryMetrics } from '../model/metrics';
import type { TrainingOptions, TrainingRun } from '../model/training-run';
import type { LabelledExample } from '../training-set/labelled-examples';
import { featureProfile } from './feature-profile';

/** Tensor names of the exported graph. */
export const INPUT_TENSOR = 'features';
export const OUTPUT_TENSOR = 'score';

/** What the card says besides the run itself. */
export interface CardContext {
  readonly view: FeatureView;
  readonly owner: string;
  readonly tags: readonly string[];
  /** '' = a description written from the run. */
  readonly description: string;
  readonly codeRevision: string;
  /** Where the rows came from, in words. */
  readonly source: string;
  readonly options: TrainingOptions;
  /** Holdout rows and their ONNX scores. */
  readonly golden: readonly { readonly example: LabelledExample; readonly score: number }[];
}

/** The card a trainer submits with the artifact; validated by the caller with `modelCardInputSchema`. */
export function buildModelCard(run: TrainingRun, context: CardContext): ModelCardInput {
  const { view } = context;
  const all = [...run.split.train, ...run.split.holdout];
  // Both splits are in time order: the first training row is the oldest, the last holdout row the newest.
  const [first, last] = [run.split.train[0] ?? run.split.holdout[0], run.split.holdout.at(-1) ?? run.split.train.at(-1)];
  const holdoutAuc = run.metrics.holdout.auc.toFixed(3);
  return {
    description:
      context.description ||
      `Logistic regression on ${view.name} v${view.version} (${view.outputNames.length} features) predicting card fraud; ` +
        `trained on the oldest ${run.split.train.length} of ${all.length} labelled transactions, holdout AUC ${holdoutAuc}.`,
    owner: context.owner,
    tags: [...context.tags],
    inputs: {
      tensor: INPUT_TENSOR,
      features: view.outputNames.map((feature) => ({ view: view.name, version: view.version, feature })),
    },
    output: {
      tensor: OUTPUT_TENSOR,
      semantics:
        run.positiveWeight === 1
          ? 'probability that the transaction is fraud'
          : `fraud score: probability that the transaction is fraud with positives weighted ×${round(run.positiveWeight)} in training (higher than calibrated)`,
      threshold: run.threshold,
    },
    metrics: { ...metrics('holdout', run.metrics.holdout), ...metrics('train', run.metrics.train) },
    training_data: {
      from: new Date(first?.timestamp ?? 0).toISOString(),
      to: new Date(last?.timestamp ?? 0).toISOString(),
      rows: all.length,
      positives: all.filter((e) => e.label === 1).length,
      source: context.source,
    },
    code_revision: context.codeRevision,
    parameters: parameters(run, context.options),
    reference_profiles: referenceProfiles(view, run.split.train),
    golden_examples: context.golden.map((g) => ({ inputs: [...g.example.values], score: g.score })),
  };
}

function metrics(split: 'holdout' | 'train', m: BinaryMetrics): Record<string, number> {
  return {
    [`${split}_auc`]: m.auc,
    [`${split}_precision`]: m.precision,
    [`${split}_recall`]: m.recall,
    [`${split}_f1`]: m.f1,
    [`${split}_log_loss`]: m.logLoss,
    [`${split}_base_rate`]: m.baseRate,
    [`${split}_rows`]: m.rows,
    [`${split}_positives`]: m.positives,
    [`${split}_true_positives`]: m.truePositives,
    [`${split}_false_positives`]: m.falsePositives,
  };
}

function parameters(run: TrainingRun, options: TrainingOptions): Record<string, string | number | boolean> {
  return {
    algorithm: 'logistic_regression',
    solver: 'newton_irls',
    l2: options.l2,
    max_iterations: options.maxIterations,
    tolerance: options.tolerance,
    iterations: run.fit.iterations,
    converged: run.fit.converged,
    final_loss: run.fit.loss,
    positive_weight: run.positiveWeight,
    class_weighting: options.positiveWeight === 'balanced' ? 'balanced' : 'fixed',
    threshold_rule: options.threshold === 'best-f1' ? 'best_f1_on_train' : 'fixed',
    holdout_fraction: options.holdoutFraction,
    split: 'time: oldest rows train, newest rows holdout',
    split_time: new Date(run.split.holdout[0]?.timestamp ?? 0).toISOString(),
    standardization: 'train mean and population stddev (1 when 0); missing values imputed with the mean',
    seed: 'none: zero initialization and full-batch steps are deterministic',
  };
}

/** Per input, in input order, over the training split (the data the model learned from). */
function referenceProfiles(view: FeatureView, train: readonly LabelledExample[]): FeatureProfile[] {
  return view.outputNames.map((feature, i) =>
    featureProfile(
      feature,
      train.map((e) => e.values[i] ?? null),
    ),
  );
}

const round = (x: number): number => Math.round(x * 100) / 100;
