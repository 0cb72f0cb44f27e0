import type { Label } from './metrics';
import { standardize, type Standardizer } from './standardizer';

/** How the regression is fitted. */
export interface FitOptions {
  /** L2 penalty on the weights (not the bias), added to the weighted mean log loss as l2/2·‖w‖². */
  readonly l2: number;
  /** Newton steps at most. */
  readonly maxIterations: number;
  /** Stop once every gradient component is below it. */
  readonly tolerance: number;
  /** Weight of each positive row relative to a negative one (rare fraud counts more). */
  readonly positiveWeight: number;
}

/** A fitted regression on standardized inputs, with the standardization: what the ONNX graph computes. */
export interface LogisticModel extends Standardizer {
  readonly weights: readonly number[];
  readonly bias: number;
}

/** How the fit ended. */
export interface FitProgress {
  /** Newton steps taken. */
  readonly iterations: number;
  /** The gradient vanished (or the loss stopped falling) before `maxIterations`. */
  readonly converged: boolean;
  /** Penalized weighted mean log loss at the end. */
  readonly loss: number;
}

export interface FitResult extends FitProgress {
  readonly model: LogisticModel;
}

/** Keeps the Newton system solvable when the penalty is 0 and columns are collinear; does not change the loss. */
const DAMPING = 1e-8;

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
/** log(1 + e^z) without overflow. */
const softplus = (z: number): number => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

/**
 * L2-regularised logistic regression by Newton's method (IRLS) with a backtracking line search,
 * from all-zero parameters: deterministic, no learning rate to tune, converges in a few dozen
 * steps for the ~30 columns of a feature view. `x` is row-major, already standardized.
 */
export function fitLogisticRegression(
  x: Float64Array,
  labels: readonly Label[],
  width: number,
  options: FitOptions,
): FitProgress & { readonly weights: number[]; readonly bias: number } {
  const n = labels.length;
  if (x.length !== n * width) throw new RangeError(`${x.length} values for ${n} rows × ${width} columns`);
  const rowWeight = (i: number) => (labels[i] === 1 ? options.positiveWeight : 1);
  let totalWeight = 0;
  for (let i = 0; i < n; i += 1) totalWeight += rowWeight(i);
  // Parameters: width weights, then the bias.
  let theta = new Float64Array(width + 1);
  const loss = (t: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const z = linear(x, i, width, t);
      sum += rowWeight(i) * (softplus(z) - (labels[i] as number) * z);
    }
    let penalty = 0;
    for (let j = 0; j < width; j += 1) penalty += (t[j] as number) ** 2;
    return sum / totalWeight + (options.l2 / 2) * penalty;
  };
  let current = loss(theta);
  let iterations = 0;
  let converged = false;
  while (iterations < options.maxIterations) {
    const { gradient, hessian } = derivatives(x, labels, width, theta, rowWeight, totalWeight, options.l2);
    if (gradient.every((g) => Math.abs(g) < options.tolerance)) {
      converged = true;
      break;
    }
    iterations += 1;
    const step = solveCholesky(hessian, gradient, width + 1);
    const slope = gradient.reduce((sum, g, j) => sum + g * (step[j] as number), 0);
    let t = 1;
    let candidate = theta.map((v, j) => v - t * (step[j] as number));
    let next = loss(candidate);
    while (next > current - 1e-4 * t * slope && t > 1e-10) {
      t /= 2;
      candidate = theta.map((v, j) => v - t * (step[j] as number));
      next = loss(candidate);
    }
    if (!(next <= current)) break;
    const improvement = current - next;
    theta = candidate;
    current = next;
    if (improvement <= 1e-15 * Math.max(1, Math.abs(current))) {
      converged = true;
      break;
    }
  }
  return { weights: Array.from(theta.subarray(0, width)), bias: theta[width] as number, iterations, converged, loss: current };
}

/** Standardizes the rows, fits, and returns the model with its standardization. */
export function trainLogisticModel(
  rows: readonly (readonly (number | null)[])[],
  labels: readonly Label[],
  standardizer: Standardizer,
  options: FitOptions,
): FitResult {
  const width = standardizer.center.length;
  const { weights, bias, ...fit } = fitLogisticRegression(standardize(rows, standardizer), labels, width, options);
  return { model: { ...standardizer, weights, bias }, ...fit };
}

/** The model's score for raw feature values, in doubles: sigmoid(bias + Σ w·(x − center)/scale), missing → center. */
export function scoreRow(model: LogisticModel, row: readonly (number | null)[]): number {
  let z = model.bias;
  for (let c = 0; c < model.weights.length; c += 1) {
    const value = row[c];
    if (value === null || value === undefined) continue;
    z += (model.weights[c] as number) * ((value - (model.center[c] as number)) / (model.scale[c] as number));
  }
  return sigmoid(z);
}

function linear(x: Float64Array, row: number, width: number, theta: Float64Array): number {
  let z = theta[width] as number;
  const offset = row * width;
  for (let j = 0; j < width; j += 1) z += (x[offset + j] as number) * (theta[j] as number);
  return z;
}

/** Gradient and Hessian (row-major, (width+1)²) of the penalized weighted mean log loss. */
function derivatives(
  x: Float64Array,
  labels: readonly Label[],
  width: number,
  theta: Float64Array,
  rowWeight: (i: number) => number,
  totalWeight: number,
  l2: number,
): { gradient: number[]; hessian: Float64Array } {
  const size = width + 1;
  const gradient = new Array<number>(size).fill(0);
  const hessian = new Float64Array(size * size);
  const features = new Float64Array(size);
  features[width] = 1;
  for (let i = 0; i < labels.length; i += 1) {
    for (let j = 0; j < width; j += 1) features[j] = x[i * width + j] as number;
    const p = sigmoid(linear(x, i, width, theta));
    const w = rowWeight(i) / totalWeight;
    const residual = w * (p - (labels[i] as number));
    const curvature = w * p * (1 - p);
    for (let j = 0; j < size; j += 1) {
      const fj = features[j] as number;
      gradient[j] = (gradient[j] as number) + residual * fj;
      if (fj === 0) continue;
      const scaled = curvature * fj;
      for (let k = 0; k <= j; k += 1) hessian[j * size + k] = (hessian[j * size + k] as number) + scaled * (features[k] as number);
    }
  }
  for (let j = 0; j < size; j += 1) {
    if (j < width) gradient[j] = (gradient[j] as number) + l2 * (theta[j] as number);
    hessian[j * size + j] = (hessian[j * size + j] as number) + (j < width ? l2 : 0) + DAMPING;
    for (let k = 0; k < j; k += 1) hessian[k * size + j] = hessian[j * size + k] as number;
  }
  return { gradient, hessian };
}

/** Solves A·s = b for a symmetric positive definite A (row-major size²). */
function solveCholesky(a: Float64Array, b: readonly number[], size: number): number[] {
  const l = new Float64Array(size * size);
  for (let j = 0; j < size; j += 1) {
    let diagonal = a[j * size + j] as number;
    for (let k = 0; k < j; k += 1) diagonal -= (l[j * size + k] as number) ** 2;
    if (!(diagonal > 0)) throw new Error(`the Newton system is not positive definite (column ${j}): add an L2 penalty`);
    const root = Math.sqrt(diagonal);
    l[j * size + j] = root;
    for (let i = j + 1; i < size; i += 1) {
      let sum = a[i * size + j] as number;
      for (let k = 0; k < j; k += 1) sum -= (l[i * size + k] as number) * (l[j * size + k] as number);
      l[i * size + j] = sum / root;
    }
  }
  const y = new Array<number>(size).fill(0);
  for (let i = 0; i < size; i += 1) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k += 1) sum -= (l[i * size + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * size + i] as number);
  }
  const s = new Array<number>(size).fill(0);
  for (let i = size - 1; i >= 0; i -= 1) {
    let sum = y[i] as number;
    for (let k = i + 1; k < size; k += 1) sum -= (l[k * size + i] as number) * (s[k] as number);
    s[i] = sum / (l[i * size + i] as number);
  }
  return s;
}
