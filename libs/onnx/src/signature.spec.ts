import { onnx } from 'onnx-proto';
import { logisticRegressionOnnx } from './logistic-regression';
import { OnnxModelError } from './onnx-model-error';
import { readSignature } from './signature';

const spec = (width: number) => ({
  inputName: 'features',
  outputName: 'score',
  weights: Array.from({ length: width }, (_, i) => i / 10),
  bias: -1,
  center: Array.from({ length: width }, () => 0),
  scale: Array.from({ length: width }, () => 1),
  producer: 'spec-trainer',
});

describe(readSignature.name, () => {
  it('reads the names, element types and dims of a built logistic regression, and its opset and producer', () => {
    expect(readSignature(logisticRegressionOnnx(spec(3)))).toEqual({
      inputs: [{ name: 'features', type: 'float32', dims: ['batch', 3] }],
      outputs: [{ name: 'score', type: 'float32', dims: ['batch', 1] }],
      opset: 13,
      producer: 'spec-trainer',
    });
  });

  it('reports the width the model was built for', () => {
    expect(readSignature(logisticRegressionOnnx(spec(5))).inputs[0]?.dims).toEqual(['batch', 5]);
  });

  it('leaves out initializers listed among the graph inputs, and tells unknown dims and other element types apart', () => {
    const FLOAT = onnx.TensorProto.DataType.FLOAT;
    const bytes = onnx.ModelProto.encode({
      irVersion: 3,
      producerName: 'old-exporter',
      opsetImport: [{ domain: 'ai.onnx.ml', version: 2 }, { version: 9 }],
      graph: {
        initializer: [{ name: 'w', dims: [2, 1], dataType: FLOAT, floatData: [1, 2] }],
        input: [
          { name: 'x', type: { tensorType: { elemType: FLOAT, shape: { dim: [{}, { dimValue: 2 }] } } } },
          { name: 'w', type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: 2 }, { dimValue: 1 }] } } } },
          { name: 'ids', type: { tensorType: { elemType: onnx.TensorProto.DataType.INT64, shape: { dim: [{ dimParam: 'n' }] } } } },
        ],
        output: [{ name: 'y', type: { tensorType: { elemType: onnx.TensorProto.DataType.UINT8 } } }],
        node: [{ opType: 'MatMul', input: ['x', 'w'], output: ['y'] }],
      },
    }).finish();

    expect(readSignature(bytes)).toEqual({
      inputs: [
        { name: 'x', type: 'float32', dims: [null, 2] },
        { name: 'ids', type: 'int64', dims: ['n'] },
      ],
      outputs: [{ name: 'y', type: 'other', dims: [] }],
      opset: 9,
      producer: 'old-exporter',
    });
  });

  it.each([
    ['text', new TextEncoder().encode('{"this": "is JSON, not ONNX"}')],
    ['nothing', new Uint8Array(0)],
    ['seeded noise', Uint8Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 251)],
  ])('refuses %s with an OnnxModelError', (_, bytes) => {
    expect(() => readSignature(bytes)).toThrow(OnnxModelError);
    expect(() => readSignature(bytes)).toThrow(/^not an ONNX model/);
  });
});
