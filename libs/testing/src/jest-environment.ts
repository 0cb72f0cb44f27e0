import NodeEnvironment from 'jest-environment-node';

/**
 * Jest's node environment with the host's typed array constructors. ONNX Runtime's native binding
 * creates output tensors' typed arrays in the host realm and checks them with `instanceof`
 * against the sandbox's constructors, which fails ("A float32 tensor's data must be type of
 * Float32Array"). Jest already shares ArrayBuffer and Uint8Array this way for Buffer.
 * Every spec runs in it (jest.config.js).
 */
export default class OnnxRuntimeTestEnvironment extends NodeEnvironment {
  constructor(...args: ConstructorParameters<typeof NodeEnvironment>) {
    super(...args);
    Object.assign(this.global, {
      Int8Array,
      Uint8ClampedArray,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint32Array,
      Float32Array,
      Float64Array,
      BigInt64Array,
      BigUint64Array,
    });
  }
}
