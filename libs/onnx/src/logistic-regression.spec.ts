import { logisticRegressionOnnx, type LogisticRegressionSpec } from './logistic-regression';
import { OnnxScorer } from './onnx-scorer';

const model: LogisticRegressionSpec = {
  inputName: 'features',
  outputName: 'fraud_probability',
  weights: [0.8, -1.5, 0.25, 2],
  bias: -0.7,
  center: [10, 0.5, -3, 100],
  scale: [4, 0.25, 2, 50],
};

/** The model's formula, in doubles: what the graph must compute. */
function expected(spec: LogisticRegressionSpec, row: readonly (number | null)[]): number {
  const logit = row.reduce<number>((sum, x, i) => {
    const center = spec.center[i] ?? 0;
    return sum + (spec.weights[i] ?? 0) * (((x ?? center) - center) / (spec.scale[i] ?? 1));
  }, spec.bias);
  return 1 / (1 + Math.exp(-logit));
}

describe(logisticRegressionOnnx.name, () => {
  let scorer: OnnxScorer;

  beforeAll(async () => {
    scorer = await OnnxScorer.load(logisticRegressionOnnx(model));
  });

  afterAll(async () => {
    await scorer.release();
  });

  it('scores rows as sigmoid(bias + Σ w·(x − center)/scale), within float32 precision', async () => {
    const rows = [
      [10, 0.5, -3, 100],
      [14, 0.25, 1, 25],
      [-2, 3, -10, 400],
      [0.125, 0.75, 0, 0],
    ];

    const scores = await scorer.scoreRows(rows);

    scores.forEach((score, i) => expect(Math.abs(score - expected(model, rows[i] as number[]))).toBeLessThan(1e-6));
  });

  it('imputes missing values with the center, so they add nothing to the logit', async () => {
    const rows = [
      [null, null, null, null],
      [14, null, 1, null],
      [null, 0.25, null, 25],
    ];

    const scores = await scorer.scoreRows(rows);

    expect(Math.abs((scores[0] ?? 0) - 1 / (1 + Math.exp(0.7)))).toBeLessThan(1e-6);
    scores.forEach((score, i) => expect(Math.abs(score - expected(model, rows[i] as (number | null)[]))).toBeLessThan(1e-6));
  });

  it('scores many rows in one call, row-major', async () => {
    const count = 257;
    const flat = Float32Array.from({ length: count * 4 }, (_, i) => (i % 13 === 0 ? Number.NaN : Math.sin(i) * 50));
    const rows = Array.from({ length: count }, (_, r) => Array.from(flat.subarray(r * 4, r * 4 + 4), (x) => (Number.isNaN(x) ? null : x)));

    const scores = await scorer.score(flat, count);

    expect(scores).toHaveLength(count);
    scores.forEach((score, i) => expect(Math.abs(score - expected(model, rows[i] as (number | null)[]))).toBeLessThan(1e-6));
  });

  it('refuses a spec whose lengths disagree or whose scale is 0', () => {
    expect(() => logisticRegressionOnnx({ ...model, center: [0, 0, 0] })).toThrow(/differ in length \(4, 3, 4\)/);
    expect(() => logisticRegressionOnnx({ ...model, scale: [1, 0, 1, 1] })).toThrow(/a scale is 0/);
    expect(() => logisticRegressionOnnx({ ...model, weights: [Number.NaN, 0, 0, 0] })).toThrow(/not finite/);
  });
});
