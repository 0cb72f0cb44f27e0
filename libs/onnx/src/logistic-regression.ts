import { onnx } from 'onnx-proto';

/** A trained logistic regression and the standardization it was trained on. */
export interface LogisticRegressionSpec {
  /** Graph input: float32 [batch, F], F = weights.length. */
  readonly inputName: string;
  /** Graph output: float32 [batch, 1], the sigmoid of the logit. */
  readonly outputName: string;
  /** One per input column, applied to the standardized column. */
  readonly weights: readonly number[];
  readonly bias: number;
  /** Subtracted from each column; also what a missing (NaN) value becomes. */
  readonly center: readonly number[];
  /** Each centered column is divided by it (non-zero). */
  readonly scale: readonly number[];
  /** @default "mlops" */
  readonly producer?: string;
  readonly docString?: string;
}

/** IR version 8 (ONNX 1.10, the newest onnx-proto encodes); every runtime since 1.10 reads it. */
const IR_VERSION = 8;
const OPSET = 13;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

/**
 * Logistic regression as an ONNX graph (opset 13): X float32 [batch, F] → Where(IsNaN(X), center, X)
 * → (x - center) / scale → MatMul W [F,1] → Add bias → Sigmoid → Y float32 [batch, 1]. NaN inputs
 * (missing values) are imputed with `center`, so they contribute nothing to the logit.
 */
export function logisticRegressionOnnx(spec: LogisticRegressionSpec): Uint8Array {
  const width = checkSpec(spec);
  const node = (opType: string, input: string[], output: string): onnx.INodeProto => ({ opType, input, output: [output], name: output });
  const graph: onnx.IGraphProto = {
    name: 'logistic_regression',
    initializer: [
      floatTensor('center', [width], spec.center),
      floatTensor('scale', [width], spec.scale),
      floatTensor('weights', [width, 1], spec.weights),
      floatTensor('bias', [1], [spec.bias]),
    ],
    node: [
      node('IsNaN', [spec.inputName], 'is_missing'),
      node('Where', ['is_missing', 'center', spec.inputName], 'imputed'),
      node('Sub', ['imputed', 'center'], 'centered'),
      node('Div', ['centered', 'scale'], 'standardized'),
      node('MatMul', ['standardized', 'weights'], 'linear'),
      node('Add', ['linear', 'bias'], 'logit'),
      node('Sigmoid', ['logit'], spec.outputName),
    ],
    input: [floatValue(spec.inputName, ['batch', width])],
    output: [floatValue(spec.outputName, ['batch', 1])],
  };
  return onnx.ModelProto.encode({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: spec.producer ?? 'mlops',
    docString: spec.docString ?? '',
    graph,
  }).finish();
}

/** Returns F; throws RangeError on a spec the graph could not represent. */
function checkSpec(spec: LogisticRegressionSpec): number {
  const width = spec.weights.length;
  const problems: string[] = [];
  if (width === 0) problems.push('no weights');
  if (spec.center.length !== width || spec.scale.length !== width)
    problems.push(`weights, center and scale differ in length (${width}, ${spec.center.length}, ${spec.scale.length})`);
  if (![...spec.weights, ...spec.center, ...spec.scale, spec.bias].every(Number.isFinite)) problems.push('a parameter is not finite');
  if (spec.scale.some((s) => s === 0)) problems.push('a scale is 0');
  if (spec.inputName === '' || spec.outputName === '' || spec.inputName === spec.outputName)
    problems.push(`input and output need distinct non-empty names (${JSON.stringify(spec.inputName)}, ${JSON.stringify(spec.outputName)})`);
  const internal = ['is_missing', 'imputed', 'centered', 'standardized', 'linear', 'logit', 'center', 'scale', 'weights', 'bias'];
  const clash = [spec.inputName, spec.outputName].filter((name) => internal.includes(name));
  if (clash.length > 0) problems.push(`${clash.join(', ')} name a tensor inside the graph`);
  if (problems.length > 0) throw new RangeError(`cannot build the logistic regression graph: ${problems.join('; ')}`);
  return width;
}

function floatTensor(name: string, dims: number[], values: readonly number[]): onnx.ITensorProto {
  return { name, dims, dataType: FLOAT, floatData: [...values] };
}

function floatValue(name: string, dims: readonly (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}
