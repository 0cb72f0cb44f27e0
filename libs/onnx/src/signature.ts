import { onnx } from 'onnx-proto';
import { OnnxModelError } from './onnx-model-error';

/** A graph input or output: its name, element type and shape. */
export interface TensorInfo {
  readonly name: string;
  /** Element type; types a scorer does not read are `other`. */
  readonly type: 'float32' | 'float64' | 'int64' | 'int32' | 'string' | 'bool' | 'other';
  /** A number per fixed dimension, a string for a symbolic one (e.g. "batch"), null for an unknown one; [] when the shape is not declared. */
  readonly dims: readonly (number | string | null)[];
}

/** What a model reads and writes, read from its bytes without loading it into a runtime. */
export interface ModelSignature {
  /** Graph inputs that a caller feeds (initializers listed as inputs are left out). */
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Version of the default (ai.onnx) operator set the model imports. */
  readonly opset: number;
  /** `producer_name` of the model, '' when not set. */
  readonly producer: string;
}

const DataType = onnx.TensorProto.DataType;
const elementTypes = new Map<number, TensorInfo['type']>([
  [DataType.FLOAT, 'float32'],
  [DataType.DOUBLE, 'float64'],
  [DataType.INT64, 'int64'],
  [DataType.INT32, 'int32'],
  [DataType.STRING, 'string'],
  [DataType.BOOL, 'bool'],
]);

/**
 * protobufjs gives int64 fields as `Long` objects (typed as an undeclared global, hence `unknown`);
 * ONNX dims and versions fit a double.
 */
function int64(value: unknown): number {
  if (typeof value === 'number') return value;
  const long = value as { toNumber?: () => number } | null | undefined;
  return typeof long?.toNumber === 'function' ? long.toNumber() : 0;
}

/**
 * Reads an ONNX model's graph inputs/outputs (initializers excluded) from its bytes via onnx-proto.
 * Throws {@link OnnxModelError} with a clear message if the bytes are not an ONNX model.
 */
export function readSignature(bytes: Uint8Array): ModelSignature {
  const model = decodeModel(bytes);
  const graph = model.graph;
  const opset = (model.opsetImport ?? []).find(
    (o) => o.domain === undefined || o.domain === null || o.domain === '' || o.domain === 'ai.onnx',
  );
  if (int64(model.irVersion) <= 0 || !graph || !opset) {
    throw new OnnxModelError(
      `not an ONNX model (${bytes.length} bytes): ${!graph ? 'no graph' : !opset ? 'no ai.onnx opset import' : 'no IR version'}`,
    );
  }
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const outputs = (graph.output ?? []).map(tensorInfo);
  if (outputs.length === 0) throw new OnnxModelError(`not an ONNX model (${bytes.length} bytes): the graph has no outputs`);
  return {
    inputs: (graph.input ?? []).filter((input) => !initializers.has(input.name)).map(tensorInfo),
    outputs,
    opset: int64(opset.version),
    producer: model.producerName ?? '',
  };
}

function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new OnnxModelError(`not an ONNX model (${bytes.length} bytes): cannot decode a ModelProto`, { cause: error });
  }
}

/** Decoded messages read unset fields from prototype defaults (dim_value 0): only fields present in the bytes count. */
function dimension(dim: onnx.TensorShapeProto.IDimension): number | string | null {
  if (Object.hasOwn(dim, 'dimParam') && dim.dimParam) return dim.dimParam;
  if (Object.hasOwn(dim, 'dimValue')) return int64(dim.dimValue);
  return null;
}

function tensorInfo(value: onnx.IValueInfoProto): TensorInfo {
  const tensor = value.type?.tensorType;
  return {
    name: value.name ?? '',
    type: elementTypes.get(tensor?.elemType ?? DataType.UNDEFINED) ?? 'other',
    dims: (tensor?.shape?.dim ?? []).map(dimension),
  };
}
