import { syntheticExamples } from '../testing/synthetic-examples';
import { fitLogisticRegression, scoreRow, trainLogisticModel, type FitOptions } from './logistic-regression';
import { rocAuc } from './metrics';
import { fitStandardizer } from './standardizer';

const options: FitOptions = { l2: 1e-4, maxIterations: 100, tolerance: 1e-9, positiveWeight: 1 };
const truth = { weights: [2, -1.5, 0, 0.75], bias: -1 };

function train(seed: number, overrides: Partial<FitOptions> = {}) {
  const examples = syntheticExamples({ rows: 4_000, ...truth, seed });
  const rows = examples.map((e) => e.values);
  return trainLogisticModel(
    rows,
    examples.map((e) => e.label),
    fitStandardizer(rows, truth.weights.length),
    { ...options, ...overrides },
  );
}

describe(trainLogisticModel.name, () => {
  it('recovers the weights a synthetic problem was drawn from and ranks fresh rows well', () => {
    const fit = train(1);
    const fresh = syntheticExamples({ rows: 2_000, ...truth, seed: 2 });

    expect(fit.converged).toBe(true);
    // The fit is on standardized columns: a raw weight w reads w · scale there.
    fit.model.weights.forEach((w, j) =>
      expect(Math.abs(w - (truth.weights[j] as number) * (fit.model.scale[j] as number))).toBeLessThan(0.25),
    );
    expect(Math.abs(fit.model.bias - truth.bias)).toBeLessThan(0.25);
    expect(
      rocAuc(
        fresh.map((e) => scoreRow(fit.model, e.values)),
        fresh.map((e) => e.label),
      ),
    ).toBeGreaterThan(0.9);
  });

  it('is deterministic: the same data gives bit-identical parameters', () => {
    expect(train(3)).toEqual(train(3));
  });

  it('stays finite on separable data, held back by the L2 penalty', () => {
    const x = Float64Array.from([-2, -1, -0.5, 0.5, 1, 2]);
    const fit = fitLogisticRegression(x, [0, 0, 0, 1, 1, 1], 1, { ...options, l2: 0.01 });

    expect(fit.converged).toBe(true);
    expect(fit.weights[0]).toBeGreaterThan(1);
    expect(Number.isFinite(fit.weights[0])).toBe(true);
    expect(Math.abs(fit.bias)).toBeLessThan(1e-6);
  });

  it('solves collinear columns without a penalty', () => {
    const x = Float64Array.from([-1, -1, 0.5, 0.5, 1, 1, -0.5, -0.5]);

    const fit = fitLogisticRegression(x, [0, 1, 0, 1], 2, { ...options, l2: 0, maxIterations: 20 });

    expect(fit.weights.every(Number.isFinite)).toBe(true);
    expect(fit.weights[0]).toBeCloseTo(fit.weights[1] as number, 6);
  });

  it('weights positives: a heavier positive class raises every score', () => {
    const light = train(4);
    const heavy = train(4, { positiveWeight: 5 });
    const row = [0, 0, 0, 0];

    expect(scoreRow(heavy.model, row)).toBeGreaterThan(scoreRow(light.model, row));
  });
});

describe(scoreRow.name, () => {
  const model = { weights: [1, -2], bias: 0.5, center: [1, 2], scale: [2, 4] };

  it('computes sigmoid(bias + Σ w·(x − center)/scale)', () => {
    expect(scoreRow(model, [3, 6])).toBeCloseTo(1 / (1 + Math.exp(-(0.5 + 1 - 2))), 12);
  });

  it('imputes a missing value with the center: it adds nothing to the logit', () => {
    expect(scoreRow(model, [3, null])).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 12);
    expect(scoreRow(model, [null, null])).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 12);
  });
});
