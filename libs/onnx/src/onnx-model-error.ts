/** Bytes that are not a usable ONNX model, or a model this lib cannot serve; `cause` keeps the parser's or runtime's own error. */
export class OnnxModelError extends Error {
  override readonly name = 'OnnxModelError';
}
