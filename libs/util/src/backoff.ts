export interface BackoffOptions {
  /** First delay. @default 100 (ms) */
  readonly initialMs?: number;
  /** Longest delay. @default 10000 (ms) */
  readonly maxMs?: number;
  /** Growth per attempt. @default 2 */
  readonly factor?: number;
  /** Fraction of the delay drawn at random, so retrying clients do not move in lockstep. @default 0.2 */
  readonly jitter?: number;
}

/** Exponential backoff delay for the n-th retry (n starts at 1). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { initialMs = 100, maxMs = 10_000, factor = 2, jitter = 0.2 } = options;
  const base = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt - 1));
  const spread = base * jitter;
  return Math.min(maxMs, Math.max(0, Math.round(base - spread + random() * 2 * spread)));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions extends BackoffOptions {
  /** Give up after this many attempts; the last error is rethrown. @default Infinity */
  readonly maxAttempts?: number;
  /** Called before each wait; returning false stops retrying (e.g. on shutdown). */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => boolean | Promise<boolean>;
  /** Errors for which retrying cannot help are rethrown at once. @default every error is retried */
  readonly retryable?: (error: unknown) => boolean;
}

/** Runs `work` until it succeeds, waiting with exponential backoff between attempts. */
export async function retryWithBackoff<T>(work: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= maxAttempts || (options.retryable && !options.retryable(error))) throw error;
      const delay = backoffDelay(attempt, options);
      if (options.onRetry && !(await options.onRetry(error, attempt, delay))) throw error;
      await sleep(delay);
    }
  }
}
