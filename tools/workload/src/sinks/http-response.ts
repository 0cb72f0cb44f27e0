/** A request ingest refused (4xx other than 429), or one that kept failing; carries the response body. */
export class HttpSinkError extends Error {
  override readonly name = 'HttpSinkError';
  constructor(
    readonly url: string,
    /** 0 when no response came back (network error). */
    readonly status: number,
    readonly body: string,
    options?: ErrorOptions,
  ) {
    super(status === 0 ? `POST ${url} failed: no response` : `POST ${url} answered ${status}: ${body.slice(0, 2_000)}`, options);
  }
}

/**
 * The wait a `Retry-After` header asks for: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable, so the caller falls back to its own backoff.
 */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
