import { logisticRegressionOnnx, OnnxScorer } from '@mlops/onnx';
import { INPUT_TENSOR, OUTPUT_TENSOR } from './card/model-card-builder';
import type { TrainingRun } from './model/training-run';

/** Largest difference allowed between the ONNX graph's and the JS model's score of a holdout row. */
export const MAX_ONNX_DIFFERENCE = 1e-5;

/** The exported graph does not score like the model it was exported from. */
export class OnnxMismatchError extends Error {
  override readonly name = 'OnnxMismatchError';
  constructor(
    readonly row: number,
    readonly onnxScore: number,
    readonly jsScore: number,
  ) {
    super(
      `the ONNX model scores holdout row ${row} ${onnxScore}, the trained model ${jsScore} ` +
        `(difference ${Math.abs(onnxScore - jsScore)} > ${MAX_ONNX_DIFFERENCE})`,
    );
  }
}

export interface ExportedModel {
  readonly bytes: Uint8Array;
  /** ONNX Runtime's scores of the holdout rows (float32, as served). */
  readonly holdoutScores: readonly number[];
  readonly maxDifference: number;
}

/**
 * Writes the model as an ONNX graph, loads it in ONNX Runtime and scores the holdout: every score
 * must be within {@link MAX_ONNX_DIFFERENCE} of the JS model's, or {@link OnnxMismatchError}.
 */
export async function exportAndVerify(run: TrainingRun, docString: string): Promise<ExportedModel> {
  const { model } = run;
  const bytes = logisticRegressionOnnx({
    inputName: INPUT_TENSOR,
    outputName: OUTPUT_TENSOR,
    weights: model.weights,
    bias: model.bias,
    center: model.center,
    scale: model.scale,
    producer: 'mlops-trainer',
    docString,
  });
  const scorer = await OnnxScorer.load(bytes);
  try {
    const holdoutScores = await scorer.scoreRows(run.split.holdout.map((e) => e.values));
    let maxDifference = 0;
    holdoutScores.forEach((score, i) => {
      const expected = run.holdoutScores[i] as number;
      const difference = Math.abs(score - expected);
      if (!(difference <= MAX_ONNX_DIFFERENCE)) throw new OnnxMismatchError(i, score, expected);
      maxDifference = Math.max(maxDifference, difference);
    });
    return { bytes, holdoutScores, maxDifference };
  } finally {
    await scorer.release();
  }
}
