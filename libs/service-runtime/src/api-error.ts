/**
 * A refusal an HTTP client can act on. Every service answers it as `{ error: code, message,
 * ...details }` with `status`, and `Retry-After` when set (503 defaults to 1 s).
 */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    readonly status: number,
    /** Machine-readable, snake_case, e.g. `invalid_events`. */
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    /** (s) */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
