import { OnnxScorer, readSignature } from '@mlops/onnx';
import { runTraining, type TrainingRun } from './model/training-run';
import { exportAndVerify, OnnxMismatchError } from './onnx-export';
import { syntheticExamples } from './testing/synthetic-examples';

const examples = syntheticExamples({ rows: 500, weights: [1.5, -2, 0.5, 0], bias: -1, seed: 21, missingRate: 0.15 });
const run = runTraining(examples, 4, {
  holdoutFraction: 0.2,
  minRows: 20,
  l2: 0.01,
  maxIterations: 50,
  tolerance: 1e-9,
  positiveWeight: 1,
  threshold: 0.5,
});

describe(exportAndVerify.name, () => {
  it('exports a graph that scores the holdout like the trained model, missing values included', async () => {
    const exported = await exportAndVerify(run, 'spec model');

    expect(readSignature(exported.bytes).inputs).toEqual([{ name: 'features', type: 'float32', dims: ['batch', 4] }]);
    expect(exported.holdoutScores).toHaveLength(100);
    expect(exported.maxDifference).toBeLessThanOrEqual(1e-5);
    const scorer = await OnnxScorer.load(exported.bytes);
    expect(await scorer.scoreRows(run.split.holdout.map((e) => e.values))).toEqual(exported.holdoutScores);
    await scorer.release();
  });

  it('fails when the graph does not reproduce the model', async () => {
    const tampered: TrainingRun = { ...run, holdoutScores: run.holdoutScores.map((s, i) => (i === 7 ? s + 1e-3 : s)) };

    await expect(exportAndVerify(tampered, 'spec model')).rejects.toThrow(OnnxMismatchError);
    await expect(exportAndVerify(tampered, 'spec model')).rejects.toThrow(/holdout row 7/);
  });
});
