import { userTransactionsV1 } from '@mlops/features';
import type { ModelCardInput } from '@mlops/model-registry';
import { OnnxScorer, logisticRegressionOnnx } from '@mlops/onnx';

/** A registrable model over `user_transactions` v1 and the inputs its golden examples use. */
export interface TestModel {
  readonly artifact: Uint8Array;
  readonly card: ModelCardInput;
}

export interface TestModelOptions {
  /** Different seeds give different weights, so versions score differently. @default 1 */
  readonly seed?: number;
  /** Features the ONNX graph takes; a number other than the card's 29 makes a mismatched model. @default 29 */
  readonly width?: number;
}

const view = userTransactionsV1;

/** Deterministic pseudo-random numbers in [-1, 1). */
function weightsOf(seed: number, count: number): number[] {
  let state = seed * 2_654_435_761;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2_147_483_648 - 1;
  });
}

/** Rows for golden examples: small values, one with missing inputs. */
export function sampleInputs(count: number, seed: number, width = view.outputNames.length): (number | null)[][] {
  const noise = weightsOf(seed + 1_000, count * width);
  return Array.from({ length: count }, (_, r) =>
    Array.from({ length: width }, (_, c) => (r === 0 && c % 3 === 0 ? null : (noise[r * width + c] as number) * 10)),
  );
}

/** A logistic regression over every `user_transactions` v1 feature, with a full card and golden examples scored by ONNX Runtime. */
export async function testModel(options: TestModelOptions = {}): Promise<TestModel> {
  const seed = options.seed ?? 1;
  const width = options.width ?? view.outputNames.length;
  const artifact = logisticRegressionOnnx({
    inputName: 'features',
    outputName: 'score',
    weights: weightsOf(seed, width).map((w) => w * 0.2),
    bias: -1 + seed * 0.01,
    center: new Array<number>(width).fill(0),
    scale: new Array<number>(width).fill(5),
  });
  const scorer = await OnnxScorer.load(artifact);
  const inputs = sampleInputs(4, seed, width);
  const scores = await scorer.scoreRows(inputs);
  await scorer.release();
  const card: ModelCardInput = {
    description: `test model ${seed}`,
    owner: 'spec',
    tags: ['spec'],
    inputs: { tensor: 'features', features: view.outputNames.map((feature) => ({ view: view.name, version: view.version, feature })) },
    output: { tensor: 'score', semantics: 'probability that the transaction is fraud', threshold: 0.5 },
    metrics: { auc: 0.5 },
    training_data: { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', rows: 100, positives: 5, source: 'spec' },
    code_revision: 'spec',
    parameters: { seed },
    reference_profiles: [],
    golden_examples: inputs
      .slice(0, view.outputNames.length === width ? inputs.length : 0)
      .map((row, i) => ({ inputs: row, score: scores[i] as number })),
  };
  if (width !== view.outputNames.length) card.golden_examples = [{ inputs: sampleInputs(1, seed)[0] ?? [], score: 0.5 }];
  return { artifact, card };
}
