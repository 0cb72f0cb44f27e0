import { syntheticExamples } from '../testing/synthetic-examples';
import { splitByTime } from './time-split';
import { runTraining, TrainingRefusedError, type TrainingOptions } from './training-run';

const options: TrainingOptions = {
  holdoutFraction: 0.2,
  minRows: 20,
  l2: 0.01,
  maxIterations: 100,
  tolerance: 1e-9,
  positiveWeight: 1,
  threshold: 0.5,
};
const truth = { weights: [2.5, -1, 0.5], bias: -2 };

describe(splitByTime.name, () => {
  it('holds out the newest rows, whatever order they come in', () => {
    const examples = syntheticExamples({ rows: 10, ...truth, seed: 1 });
    const shuffled = [...examples].reverse();

    const split = splitByTime(shuffled, 0.2);

    expect(split.train).toEqual(examples.slice(0, 8));
    expect(split.holdout).toEqual(examples.slice(8));
  });

  it('keeps at least one row apart', () => {
    expect(splitByTime(syntheticExamples({ rows: 3, ...truth, seed: 1 }), 0.01).holdout).toHaveLength(1);
  });
});

describe(runTraining.name, () => {
  const examples = syntheticExamples({ rows: 2_000, ...truth, seed: 5, missingRate: 0.05 });

  it('fits on the oldest 80% and judges on the newest 20%', () => {
    const run = runTraining(examples, 3, options);

    expect(run.split.train).toHaveLength(1_600);
    expect(run.metrics.holdout.rows).toBe(400);
    expect(run.metrics.holdout.auc).toBeGreaterThan(0.85);
    expect(run.holdoutScores).toHaveLength(400);
    expect(run.threshold).toBe(0.5);
    expect(run.positiveWeight).toBe(1);
  });

  it('balances the classes on request: negatives / positives of the training split', () => {
    const run = runTraining(examples, 3, { ...options, positiveWeight: 'balanced' });
    const positives = run.split.train.filter((e) => e.label === 1).length;

    expect(run.positiveWeight).toBeCloseTo((1_600 - positives) / positives, 12);
  });

  it('chooses the threshold maximizing F1 on the training split when asked', () => {
    const run = runTraining(examples, 3, { ...options, threshold: 'best-f1' });

    expect(run.threshold).not.toBe(0.5);
    expect(run.metrics.train.f1).toBeGreaterThanOrEqual(runTraining(examples, 3, options).metrics.train.f1);
  });

  it('refuses too few rows', () => {
    expect(() => runTraining(examples.slice(0, 19), 3, options)).toThrow(
      new TrainingRefusedError('only 19 labelled rows, at least 20 are needed'),
    );
  });

  it('refuses a split without one of the classes', () => {
    const noFraudLate = examples.map((e, i) => (i >= 1_600 ? { ...e, label: 0 as const } : e));
    const noFraud = examples.map((e) => ({ ...e, label: 0 as const }));

    expect(() => runTraining(noFraudLate, 3, options)).toThrow(/the holdout split \(400 rows\) has 0 positives and 400 negatives/);
    expect(() => runTraining(noFraud, 3, options)).toThrow(/the training split \(1600 rows\) has 0 positives/);
  });
});
