/** What one offered-rate step measured. Latency counts from the scheduled send time (no coordinated omission). */
export interface StepResult {
  readonly offeredPerSecond: number;
  readonly achievedPerSecond: number;
  readonly sent: number;
  readonly ok: number;
  readonly errors: number;
  /** Milliseconds, of the successful operations. */
  readonly latencies: number[];
}

/**
 * Starts `operation` at a fixed rate for `seconds`, whatever the previous ones are doing (open
 * loop), and waits for all of them. `units` is how many events one operation carries, so rates
 * are in events per second. A bounded number of operations may be outstanding; past it the step
 * counts the rest as errors instead of queueing without bound.
 */
export async function runOpenLoop(options: {
  readonly eventsPerSecond: number;
  readonly seconds: number;
  readonly unitsPerOperation: number;
  readonly maxOutstanding?: number;
  readonly operation: (index: number) => Promise<boolean>;
}): Promise<StepResult> {
  const opsPerSecond = options.eventsPerSecond / options.unitsPerOperation;
  const total = Math.max(1, Math.round(opsPerSecond * options.seconds));
  const maxOutstanding = options.maxOutstanding ?? 512;
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let ok = 0;
  let errors = 0;
  const start = performance.now();
  for (let i = 0; i < total; i += 1) {
    const scheduled = start + (i * 1000) / opsPerSecond;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (pending.size >= maxOutstanding) {
      errors += 1;
      continue;
    }
    const run: Promise<void> = options
      .operation(i)
      .then((success) => {
        if (success) {
          ok += 1;
          latencies.push(performance.now() - scheduled);
        } else errors += 1;
      })
      .catch(() => {
        errors += 1;
      })
      .finally(() => pending.delete(run));
    pending.add(run);
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  return {
    offeredPerSecond: options.eventsPerSecond,
    achievedPerSecond: (ok * options.unitsPerOperation) / elapsed,
    sent: total,
    ok,
    errors,
    latencies,
  };
}
