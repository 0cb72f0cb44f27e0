/** A readable one-line description of anything thrown, for logs and DLQ headers. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause === undefined ? '' : `: ${describeError(error.cause)}`;
    return `${error.message}${cause}`;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
