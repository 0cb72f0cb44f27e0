import { decodeVector, encodeVector, storedEventTime, type StoredVector } from './vector-codec';

const bits = (value: number | null): string => (value === null ? 'null' : Buffer.from(new Float64Array([value]).buffer).toString('hex'));

describe(encodeVector.name, () => {
  it('packs a vector into 19 bytes plus 8 per value', () => {
    expect(encodeVector({ eventTime: 1, computedAt: 2, values: [1, null, 3] })).toHaveLength(19 + 3 * 8);
  });

  it('writes format 1, the times, the count, then NaN for missing values', () => {
    const buffer = encodeVector({ eventTime: 1_767_225_600_000, computedAt: 1_767_225_600_123, values: [2.5, null] });

    expect(buffer.readUInt8(0)).toBe(1);
    expect(buffer.readDoubleLE(1)).toBe(1_767_225_600_000);
    expect(buffer.readDoubleLE(9)).toBe(1_767_225_600_123);
    expect(buffer.readUInt16LE(17)).toBe(2);
    expect(buffer.readDoubleLE(19)).toBe(2.5);
    expect(buffer.readDoubleLE(27)).toBeNaN();
  });
});

describe(decodeVector.name, () => {
  it('reads back every value bit for bit, null as null and -0 as -0', () => {
    const vector: StoredVector = {
      eventTime: 1_767_225_600_001,
      computedAt: 1_767_225_600_002,
      values: [0.1 + 0.2, null, -0, 0, 5e-324, Number.MAX_VALUE, -1 / 3, 1e21, Number.POSITIVE_INFINITY],
    };

    const decoded = decodeVector(encodeVector(vector));

    expect(decoded).toEqual(vector);
    expect(decoded.values.map(bits)).toEqual(vector.values.map(bits));
  });

  it('reads a vector without values', () => {
    expect(decodeVector(encodeVector({ eventTime: 5, computedAt: 6, values: [] }))).toEqual({ eventTime: 5, computedAt: 6, values: [] });
  });

  it('reads a NaN value as missing', () => {
    expect(decodeVector(encodeVector({ eventTime: 5, computedAt: 6, values: [Number.NaN] })).values).toEqual([null]);
  });

  it('refuses an empty buffer', () => {
    expect(() => decodeVector(Buffer.alloc(0))).toThrow('not a stored feature vector (format none)');
  });

  it('refuses a buffer shorter than the header', () => {
    expect(() => decodeVector(Buffer.from([1, 0, 0]))).toThrow('not a stored feature vector (format 1)');
  });

  it('refuses another format, naming it', () => {
    const buffer = encodeVector({ eventTime: 1, computedAt: 2, values: [1] });
    buffer.writeUInt8(2, 0);

    expect(() => decodeVector(buffer)).toThrow('not a stored feature vector (format 2)');
  });

  it('refuses a buffer whose length does not match its count', () => {
    const buffer = encodeVector({ eventTime: 1, computedAt: 2, values: [1, 2] });

    expect(() => decodeVector(buffer.subarray(0, buffer.length - 1))).toThrow('stored feature vector of 34 bytes for 2 values');
    expect(() => decodeVector(Buffer.concat([buffer, Buffer.alloc(8)]))).toThrow('stored feature vector of 43 bytes for 2 values');
  });
});

describe('storedEventTime', () => {
  it('reads the event time without decoding the values', () => {
    expect(storedEventTime(encodeVector({ eventTime: 1_767_225_600_042, computedAt: 0, values: [1, 2, 3] }))).toBe(1_767_225_600_042);
  });
});
