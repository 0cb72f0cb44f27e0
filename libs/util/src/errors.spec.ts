import { describeError, errorName } from './errors';

describe(describeError.name, () => {
  it('returns the message of an Error without a cause', () => {
    expect(describeError(new Error('connection refused'))).toBe('connection refused');
  });

  it('appends the chain of causes, outermost first', () => {
    const root = new Error('ECONNREFUSED 127.0.0.1:8123');
    const middle = new Error('insert failed', { cause: root });
    const outer = new Error('cannot write predictions', { cause: middle });

    expect(describeError(outer)).toBe('cannot write predictions: insert failed: ECONNREFUSED 127.0.0.1:8123');
  });

  it('describes a cause that is not an Error', () => {
    expect(describeError(new Error('bad row', { cause: { row: 3 } }))).toBe('bad row: {"row":3}');
    expect(describeError(new Error('bad row', { cause: 'missing field' }))).toBe('bad row: missing field');
  });

  it('returns a thrown string as it is', () => {
    expect(describeError('timeout')).toBe('timeout');
  });

  it('serializes other thrown values as JSON', () => {
    expect(describeError({ code: 42 })).toBe('{"code":42}');
    expect(describeError(7)).toBe('7');
    expect(describeError(null)).toBe('null');
  });
});

describe(errorName.name, () => {
  it('returns the name of an Error, including subclasses', () => {
    class ShutdownError extends Error {
      override readonly name = 'ShutdownError';
    }

    expect(errorName(new TypeError('x'))).toBe('TypeError');
    expect(errorName(new ShutdownError())).toBe('ShutdownError');
  });

  it('returns the typeof of anything else', () => {
    expect(errorName('boom')).toBe('string');
    expect(errorName({})).toBe('object');
    expect(errorName(undefined)).toBe('undefined');
  });
});

describe(describeError.name, () => {
  it('returns a string for undefined', () => {
    expect(typeof describeError(undefined)).toBe('string'); // regression: was returns undefined
  });
  it('returns a string for a symbol', () => {
    expect(typeof describeError(Symbol('x'))).toBe('string'); // regression: was returns undefined
  });
  it('does not throw for a BigInt', () => {
    expect(() => describeError(10n)).not.toThrow(); // regression: was TypeError: Do not know how to serialize a BigInt
  });
  it('does not throw for a circular object', () => {
    const value: Record<string, unknown> = {};
    value.self = value;
    expect(() => describeError(value)).not.toThrow(); // regression: was TypeError: Converting circular structure to JSON
  });
  it('does not overflow the stack on a cyclic cause chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(() => describeError(b)).not.toThrow(); // regression: was RangeError: Maximum call stack size exceeded
  });
});
