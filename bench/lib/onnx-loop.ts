import { OnnxScorer } from '@mlops/onnx';

/** One batch size of the bare ONNX Runtime loop. */
export interface OnnxLoopResult {
  readonly rows: number;
  /** Wall time of each run, from the call to its resolved scores. (µs) */
  readonly micros: number[];
  readonly wallSeconds: number;
  /** CPU time of this process over the loop, every thread. (s) */
  readonly cpuSeconds: number;
}

/**
 * Scores batches of each size back to back for `seconds` on one session configured as
 * stream-inference's (1 thread), after 500 warm-up runs. onnxruntime-node runs a session
 * synchronously on the event loop (inside a setImmediate), so a run's time is how long it blocks
 * the loop. `inputs` are cycled to fill each batch.
 */
export async function onnxLoop(
  artifact: Uint8Array,
  inputs: readonly (readonly (number | null)[])[],
  sizes: readonly number[],
  seconds: number,
): Promise<OnnxLoopResult[]> {
  const scorer = await OnnxScorer.load(artifact, { threads: 1 });
  const results: OnnxLoopResult[] = [];
  try {
    for (const size of sizes) {
      const batch = new Float32Array(size * scorer.width);
      for (let r = 0; r < size; r += 1) {
        (inputs[r % inputs.length] ?? []).forEach((v, c) => (batch[r * scorer.width + c] = v ?? Number.NaN));
      }
      for (let i = 0; i < 500; i += 1) await scorer.score(batch, size);
      const micros: number[] = [];
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      while (performance.now() - started < seconds * 1_000) {
        const t = performance.now();
        await scorer.score(batch, size);
        micros.push((performance.now() - t) * 1_000);
      }
      const wallSeconds = (performance.now() - started) / 1_000;
      const cpu = process.cpuUsage(cpuBefore);
      results.push({ rows: size, micros, wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    }
  } finally {
    await scorer.release();
  }
  return results;
}
