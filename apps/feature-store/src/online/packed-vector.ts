/**
 * Reads the packed vectors written by `encodeVector` of `@mlops/features` in place, so a lookup
 * decodes only the values it was asked for. Layout, little-endian: format (u8, 1) | event time
 * (f64, ms) | computed at (f64, ms) | count (u16) | count × value (f64, NaN = missing).
 * packed-vector.spec.ts checks every reader against the library's encoder.
 */
const FORMAT = 1;
const EVENT_TIME_AT = 1;
const COUNT_AT = 17;
const VALUES_AT = 19;

/** A stored value that is not a packed vector of the view version it is keyed by. */
export class CorruptVectorError extends Error {
  override readonly name = 'CorruptVectorError';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`stored vector ${key} is unreadable: ${reason}`);
  }
}

/** Why `buffer` is not a packed vector of `count` values, or undefined when it is one. */
export function packedVectorProblem(buffer: Buffer, count: number): string | undefined {
  if (buffer.length < VALUES_AT) return `${buffer.length} bytes, shorter than the ${VALUES_AT}-byte header`;
  const format = buffer.readUInt8(0);
  if (format !== FORMAT) return `format ${format}, expected ${FORMAT}`;
  const stored = buffer.readUInt16LE(COUNT_AT);
  if (stored !== count) return `${stored} values, the view version has ${count}`;
  if (buffer.length !== VALUES_AT + 8 * count) return `${buffer.length} bytes for ${count} values`;
  return undefined;
}

/** Event time of a packed vector. (ms since epoch) */
export const packedEventTime = (buffer: Buffer): number => buffer.readDoubleLE(EVENT_TIME_AT);

/** The value at `index` of a packed vector; null when missing. */
export function packedValue(buffer: Buffer, index: number): number | null {
  const value = buffer.readDoubleLE(VALUES_AT + 8 * index);
  return Number.isNaN(value) ? null : value;
}
