/** A readable one-line description of anything thrown, for logs and DLQ headers. Never throws. */
export function describeError(error: unknown): string {
  const seen = new Set<unknown>();
  const describe = (value: unknown): string => {
    if (value instanceof Error) {
      if (seen.has(value)) return '(cause cycle)';
      seen.add(value);
      return value.cause === undefined ? value.message : `${value.message}: ${describe(value.cause)}`;
    }
    if (typeof value === 'string') return value;
    if (value === undefined || typeof value === 'symbol' || typeof value === 'bigint' || typeof value === 'function') return String(value);
    try {
      return JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      // Circular or BigInt-holding objects cannot be serialized; their type name is what is left.
      return Object.prototype.toString.call(value);
    }
  };
  return describe(error);
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
