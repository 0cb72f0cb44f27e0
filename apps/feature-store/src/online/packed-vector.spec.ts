import { encodeVector } from '@mlops/features';
import { CorruptVectorError, packedEventTime, packedValue, packedVectorProblem } from './packed-vector';

// The reader must agree with the library's encoder; these specs fail if the codec's layout changes.
describe('packed vector reader', () => {
  const values = [0.1 + 0.2, null, -0, 5e-324, Number.MAX_VALUE, -1e-300, 42];
  const packed = encodeVector({ eventTime: 1_767_225_600_123, computedAt: 1_767_225_600_200, values });

  it("reads the event time written by the library's encoder", () => {
    expect(packedEventTime(packed)).toBe(1_767_225_600_123);
  });

  it('reads each value at its index bit for bit, null where missing', () => {
    values.forEach((value, i) => expect(Object.is(packedValue(packed, i), value)).toBe(true));
  });

  it('accepts a vector of the expected length', () => {
    expect(packedVectorProblem(packed, values.length)).toBeUndefined();
    expect(packedVectorProblem(encodeVector({ eventTime: 0, computedAt: 0, values: [] }), 0)).toBeUndefined();
  });

  it.each([
    ['too short for a header', Buffer.from([1, 2, 3]), 7, '3 bytes, shorter than the 19-byte header'],
    ['of another format', Buffer.concat([Buffer.from([2]), packed.subarray(1)]), 7, 'format 2, expected 1'],
    ['of another view version', packed, 8, '7 values, the view version has 8'],
    ['truncated', packed.subarray(0, packed.length - 1), 7, '74 bytes for 7 values'],
  ])('names the problem of a value %s', (_, buffer, count, problem) => {
    expect(packedVectorProblem(buffer, count)).toBe(problem);
  });

  it('names the key and reason of an unreadable vector', () => {
    expect(new CorruptVectorError('fs:-:v:v1:e', 'format 2, expected 1').message).toBe(
      'stored vector fs:-:v:v1:e is unreadable: format 2, expected 1',
    );
  });
});
