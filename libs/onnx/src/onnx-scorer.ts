import { InferenceSession, Tensor } from 'onnxruntime-node';
import { OnnxModelError } from './onnx-model-error';
import { readSignature, type ModelSignature, type TensorInfo } from './signature';

export interface ScorerOptions {
  /**
   * Threads of one session, used for both intra- and inter-op parallelism. Scoring services run
   * several sessions side by side; one thread each keeps them from fighting over cores.
   * @default 1
   */
  readonly threads?: number;
  /** The output holding the scores (a model card names it). @default the graph's first output */
  readonly output?: string;
}

/**
 * One loaded ONNX session for float32 [batch, F] → [batch, 1] models ([batch] outputs are read the same way). Session options:
 * intraOpNumThreads and interOpNumThreads from options (default 1), sequential execution,
 * graph optimization 'all'.
 */
export class OnnxScorer {
  private constructor(
    private readonly session: InferenceSession,
    readonly inputName: string,
    readonly outputName: string,
    /** F: the input's second dimension. */
    readonly width: number,
  ) {}

  /** Checks the model's signature, then creates its session; throws {@link OnnxModelError} on bytes it cannot serve. */
  static async load(bytes: Uint8Array, options: ScorerOptions = {}): Promise<OnnxScorer> {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
    const { input, output, width } = scoringShape(readSignature(bytes), options.output);
    let session: InferenceSession;
    try {
      session = await InferenceSession.create(bytes, {
        intraOpNumThreads: threads,
        interOpNumThreads: threads,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw new OnnxModelError(`ONNX Runtime cannot load the model (${bytes.length} bytes)`, { cause: error });
    }
    return new OnnxScorer(session, input.name, output.name, width);
  }

  /** rows: count × width float32 values, row-major (NaN = missing) → count scores. */
  async score(rows: Float32Array, count: number): Promise<Float32Array> {
    if (!Number.isInteger(count) || count < 0 || rows.length !== count * this.width) {
      throw new RangeError(`expected ${count} rows × ${this.width} values, got ${rows.length} values`);
    }
    if (count === 0) return new Float32Array(0);
    const results = await this.session.run({ [this.inputName]: new Tensor('float32', rows, [count, this.width]) });
    const scores = results[this.outputName];
    if (!scores || scores.type !== 'float32' || scores.data.length !== count) {
      throw new OnnxModelError(`output ${this.outputName} is not ${count} float32 scores (dims ${JSON.stringify(scores?.dims)})`);
    }
    return scores.data as Float32Array;
  }

  /** Convenience: one array per row, null → NaN (missing). */
  async scoreRows(rows: readonly (readonly (number | null)[])[]): Promise<number[]> {
    const flat = new Float32Array(rows.length * this.width);
    rows.forEach((row, r) => {
      if (row.length !== this.width) throw new RangeError(`row ${r} has ${row.length} values, the model reads ${this.width}`);
      row.forEach((value, c) => (flat[r * this.width + c] = value ?? Number.NaN));
    });
    return Array.from(await this.score(flat, rows.length));
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** The one input and the output of a float32 [batch, F] → [batch, 1] model, or why the model is not one. */
function scoringShape(signature: ModelSignature, outputName: string | undefined): { input: TensorInfo; output: TensorInfo; width: number } {
  const describe = (t: TensorInfo) => `${t.name} ${t.type} [${t.dims.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
  const [input, ...otherInputs] = signature.inputs;
  const output = outputName === undefined ? signature.outputs[0] : signature.outputs.find((t) => t.name === outputName);
  const width = input?.dims[1];
  if (!input || otherInputs.length > 0 || input.type !== 'float32' || input.dims.length !== 2 || typeof width !== 'number' || width < 1) {
    throw new OnnxModelError(`expected one input float32 [batch, F], got ${signature.inputs.map(describe).join('; ') || 'none'}`);
  }
  // [batch] carries the same scores as [batch, 1]; some exporters drop the trailing 1.
  const rank = output?.dims.length ?? 0;
  if (!output || output.type !== 'float32' || rank < 1 || rank > 2 || (rank === 2 && output.dims[1] !== 1)) {
    const which = outputName === undefined ? 'the first output' : `output "${outputName}"`;
    throw new OnnxModelError(`expected ${which} float32 [batch, 1], got ${output ? describe(output) : 'none'}`);
  }
  return { input, output, width };
}
