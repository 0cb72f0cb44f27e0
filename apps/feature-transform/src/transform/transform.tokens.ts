/** Injection token of the feature views this process computes. */
export const TRANSFORM_VIEWS = Symbol('TRANSFORM_VIEWS');
