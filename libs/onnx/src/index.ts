export { logisticRegressionOnnx, type LogisticRegressionSpec } from './logistic-regression';
export { OnnxModelError } from './onnx-model-error';
export { OnnxScorer, type ScorerOptions } from './onnx-scorer';
export { readSignature, type ModelSignature, type TensorInfo } from './signature';
