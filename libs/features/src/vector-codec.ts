/** A stored feature vector: the values of one view version for one entity, as of one event. */
export interface StoredVector {
  /** The event the vector was computed for. (ms since epoch) */
  readonly eventTime: number;
  /** When the stream computed it. (ms since epoch) */
  readonly computedAt: number;
  /** In the view version's order; null = missing. */
  readonly values: readonly (number | null)[];
}

const FORMAT = 1;
const HEADER = 1 + 8 + 8 + 2;

/**
 * Packs a vector into one compact value (19 bytes + 8 per feature): format, event time,
 * computed-at, count, then float64 values with NaN for missing. One Redis GET returns a whole
 * vector, and values survive the round trip bit for bit.
 */
export function encodeVector(vector: StoredVector): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER + 8 * vector.values.length);
  buffer.writeUInt8(FORMAT, 0);
  buffer.writeDoubleLE(vector.eventTime, 1);
  buffer.writeDoubleLE(vector.computedAt, 9);
  buffer.writeUInt16LE(vector.values.length, 17);
  vector.values.forEach((value, i) => buffer.writeDoubleLE(value ?? Number.NaN, HEADER + 8 * i));
  return buffer;
}

export function decodeVector(buffer: Buffer): StoredVector {
  if (buffer.length < HEADER || buffer.readUInt8(0) !== FORMAT)
    throw new Error(`not a stored feature vector (format ${buffer.length > 0 ? buffer.readUInt8(0) : 'none'})`);
  const count = buffer.readUInt16LE(17);
  if (buffer.length !== HEADER + 8 * count) throw new Error(`stored feature vector of ${buffer.length} bytes for ${count} values`);
  const values: (number | null)[] = [];
  for (let i = 0; i < count; i += 1) {
    const value = buffer.readDoubleLE(HEADER + 8 * i);
    values.push(Number.isNaN(value) ? null : value);
  }
  return { eventTime: buffer.readDoubleLE(1), computedAt: buffer.readDoubleLE(9), values };
}

/** Event time of a stored vector without decoding the values (for newest-wins writes). */
export const storedEventTime = (buffer: Buffer): number => buffer.readDoubleLE(1);
