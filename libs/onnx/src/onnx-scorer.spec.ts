import { onnx } from 'onnx-proto';
import { logisticRegressionOnnx } from './logistic-regression';
import { OnnxModelError } from './onnx-model-error';
import { OnnxScorer } from './onnx-scorer';

const spec = {
  inputName: 'x',
  outputName: 'y',
  weights: [1, -1, 0.5],
  bias: 0,
  center: [0, 0, 0],
  scale: [1, 1, 1],
};

/** A valid ONNX model passing its input through unchanged: with these dims it is no [batch, F] → [batch, 1] scorer. */
function identityModel(elemType: number, dims: onnx.TensorShapeProto.IDimension[]): Uint8Array {
  const value = (name: string) => ({ name, type: { tensorType: { elemType, shape: { dim: dims } } } });
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: { input: [value('in')], output: [value('out')], node: [{ opType: 'Identity', input: ['in'], output: ['out'] }] },
  }).finish();
}

describe(OnnxScorer.name, () => {
  it('reads the input and output names and the width from the model', async () => {
    const scorer = await OnnxScorer.load(logisticRegressionOnnx(spec), { threads: 2 });

    expect({ input: scorer.inputName, output: scorer.outputName, width: scorer.width }).toEqual({ input: 'x', output: 'y', width: 3 });
    expect(await scorer.score(new Float32Array(0), 0)).toEqual(new Float32Array(0));
    await scorer.release();
  });

  it('refuses rows whose length does not match count × width', async () => {
    const scorer = await OnnxScorer.load(logisticRegressionOnnx(spec));

    await expect(scorer.score(new Float32Array(5), 2)).rejects.toThrow('expected 2 rows × 3 values, got 5 values');
    await expect(scorer.scoreRows([[1, 2]])).rejects.toThrow('row 0 has 2 values, the model reads 3');
    await scorer.release();
  });

  it('refuses models that are not float32 [batch, F] → [batch, 1]', async () => {
    const INT64 = onnx.TensorProto.DataType.INT64;
    const FLOAT = onnx.TensorProto.DataType.FLOAT;

    await expect(OnnxScorer.load(identityModel(INT64, [{ dimParam: 'batch' }, { dimValue: 3 }]))).rejects.toThrow(
      'expected one input float32 [batch, F], got in int64 [batch, 3]',
    );
    await expect(OnnxScorer.load(identityModel(FLOAT, [{ dimParam: 'batch' }, { dimValue: 3 }]))).rejects.toThrow(
      'expected the first output float32 [batch, 1], got out float32 [batch, 3]',
    );
    await expect(OnnxScorer.load(new TextEncoder().encode('not a model'))).rejects.toThrow(OnnxModelError);
  });

  it('reads a [batch] output like a [batch, 1] one', async () => {
    const FLOAT = onnx.TensorProto.DataType.FLOAT;
    const dims = (...d: (number | string)[]) => d.map((x) => (typeof x === 'number' ? { dimValue: x } : { dimParam: x }));
    const bytes = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        initializer: [{ name: 'axes', dims: [1], dataType: onnx.TensorProto.DataType.INT64, int64Data: [1] }],
        input: [{ name: 'x', type: { tensorType: { elemType: FLOAT, shape: { dim: dims('batch', 3) } } } }],
        output: [{ name: 'total', type: { tensorType: { elemType: FLOAT, shape: { dim: dims('batch') } } } }],
        node: [
          {
            opType: 'ReduceSum',
            input: ['x', 'axes'],
            output: ['total'],
            attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
          },
        ],
      },
    }).finish();

    const scorer = await OnnxScorer.load(bytes);

    expect(
      await scorer.scoreRows([
        [1, 2, 3],
        [0.5, 0.25, 0],
      ]),
    ).toEqual([6, 0.75]);
    await scorer.release();
  });

  it('wraps what ONNX Runtime refuses in an OnnxModelError', async () => {
    const bytes = logisticRegressionOnnx(spec);
    const model = onnx.ModelProto.decode(bytes);
    model.graph?.node?.push({ opType: 'NoSuchOperator', input: ['x'], output: ['unused'] });

    await expect(OnnxScorer.load(onnx.ModelProto.encode(model).finish())).rejects.toThrow(/ONNX Runtime cannot load the model/);
  });

  it('refuses a thread count that is not a whole number ≥ 1', async () => {
    await expect(OnnxScorer.load(logisticRegressionOnnx(spec), { threads: 0 })).rejects.toThrow(RangeError);
  });
});
