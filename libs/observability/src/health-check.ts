/** What `/health/ready` asks of each external system a service depends on. */
export interface HealthCheck {
  /** e.g. "kafka", "redis", "clickhouse". */
  readonly name: string;
  /** Resolves when the system answers a real request; rejects with the reason otherwise. */
  check(): Promise<void>;
}

/** Rejects with a clear message when `work` takes longer than `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
