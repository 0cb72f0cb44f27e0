import { userTransactionsV1 } from '@mlops/features';
import { modelCardInputSchema } from '@mlops/model-registry';
import { runTraining, type TrainingOptions } from '../model/training-run';
import { syntheticExamples } from '../testing/synthetic-examples';
import { buildModelCard, INPUT_TENSOR, OUTPUT_TENSOR, type CardContext } from './model-card-builder';

const view = userTransactionsV1;
const width = view.outputNames.length;
const options: TrainingOptions = {
  holdoutFraction: 0.25,
  minRows: 20,
  l2: 0.01,
  maxIterations: 50,
  tolerance: 1e-9,
  positiveWeight: 1,
  threshold: 0.5,
};
const examples = syntheticExamples({
  rows: 400,
  weights: Array.from({ length: width }, (_, j) => (j % 3 === 0 ? 1 : 0)),
  bias: -1,
  seed: 9,
  missingRate: 0.1,
});
const run = runTraining(examples, width, options);
const context: CardContext = {
  view,
  owner: 'fraud-team',
  tags: ['logistic-regression'],
  description: '',
  codeRevision: 'abc123-dirty',
  source: 'ClickHouse spec',
  options,
  golden: run.split.holdout.slice(0, 8).map((example, i) => ({ example, score: run.holdoutScores[i] as number })),
};

describe(buildModelCard.name, () => {
  it('builds a card the registry accepts', () => {
    expect(() => modelCardInputSchema.parse(buildModelCard(run, context))).not.toThrow();
  });

  it('lists every output of the view as an input, in the view’s order', () => {
    const card = buildModelCard(run, context);

    expect(card.inputs).toEqual({
      tensor: INPUT_TENSOR,
      features: view.outputNames.map((feature) => ({ view: 'user_transactions', version: 1, feature })),
    });
    expect(card.output).toEqual({ tensor: OUTPUT_TENSOR, semantics: 'probability that the transaction is fraud', threshold: 0.5 });
  });

  it('reports the holdout and training metrics and where the rows came from', () => {
    const card = buildModelCard(run, context);

    expect(card.metrics).toMatchObject({
      holdout_auc: run.metrics.holdout.auc,
      holdout_precision: run.metrics.holdout.precision,
      holdout_recall: run.metrics.holdout.recall,
      holdout_rows: 100,
      train_rows: 300,
    });
    expect(card.training_data).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: new Date(Date.UTC(2026, 0, 1) + 399 * 60_000).toISOString(),
      rows: 400,
      positives: examples.filter((e) => e.label === 1).length,
      source: 'ClickHouse spec',
    });
    expect(card.code_revision).toBe('abc123-dirty');
    expect(card.parameters).toMatchObject({ l2: 0.01, positive_weight: 1, threshold_rule: 'fixed', iterations: run.fit.iterations });
  });

  it('profiles every input over the training split and keeps the golden rows with their scores', () => {
    const card = buildModelCard(run, context);

    expect(card.reference_profiles.map((p) => p.feature)).toEqual(view.outputNames);
    expect(card.reference_profiles[0]?.count).toBe(300);
    expect(card.golden_examples[0]).toEqual({ inputs: run.split.holdout[0]?.values, score: run.holdoutScores[0] });
  });

  it('says the score is not calibrated when positives were weighted', () => {
    const weighted = runTraining(examples, width, { ...options, positiveWeight: 4 });

    expect(buildModelCard(weighted, context).output.semantics).toMatch(/positives weighted ×4 in training/);
  });
});
