import { findView } from '@mlops/features';
import { goldenMismatches, streamView, type LocalModelStore, type ModelCard } from '@mlops/model-registry';
import { OnnxScorer } from '@mlops/onnx';

/** A version that cannot be served: its golden examples fail or its inputs are unknown. */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  constructor(
    readonly model: string,
    readonly version: string,
    readonly problems: readonly string[],
  ) {
    super(`model ${model} v${version} not loaded: ${problems.join('; ')}`);
  }
}

/** One model version in memory, ready to score. */
export interface LoadedModel {
  readonly name: string;
  readonly version: string;
  readonly card: ModelCard;
  readonly scorer: OnnxScorer;
  /** The feature stream it scores, when all its inputs come from one view version. */
  readonly stream: { readonly view: string; readonly version: number; readonly indexes: readonly number[] } | undefined;
  readonly loadedAt: number;
  /** Load, golden check and warm-up time. (ms) */
  readonly loadMs: number;
}

export interface LoadOptions {
  readonly threads: number;
  /** Rows per warm-up run: the largest batch the stream will score. */
  readonly warmUpRows: number;
  /** @default 20 */
  readonly warmUpRuns?: number;
}

/**
 * Loads a version for serving: the artifact (digest checked), an ORT session, its golden
 * examples reproduced, then warm-up runs at full batch size so the first real batch pays no
 * allocation. Throws ModelLoadError when the version must not serve.
 */
export async function loadModel(store: LocalModelStore, name: string, version: string, options: LoadOptions): Promise<LoadedModel> {
  const started = performance.now();
  const card = await store.card(name, version);
  const stream = streamInputs(card);
  const scorer = await OnnxScorer.load(await store.artifact(card), { threads: options.threads, output: card.output.tensor });
  try {
    const mismatches = await goldenMismatches(scorer, card.golden_examples);
    if (mismatches.length > 0) throw new ModelLoadError(name, version, mismatches);
    const width = card.inputs.features.length;
    const rows = new Float32Array(options.warmUpRows * width);
    card.golden_examples.forEach((example, i) =>
      rows.set(
        example.inputs.map((v) => v ?? Number.NaN),
        (i * width) % rows.length,
      ),
    );
    for (let run = 0; run < (options.warmUpRuns ?? 20); run += 1) await scorer.score(rows, options.warmUpRows);
  } catch (error) {
    await scorer.release();
    throw error;
  }
  return { name, version, card, scorer, stream, loadedAt: Date.now(), loadMs: performance.now() - started };
}

/** Positions of the card's inputs in its view's vectors, or undefined when the inputs span views. */
function streamInputs(card: ModelCard): LoadedModel['stream'] {
  const source = streamView(card);
  if (source === undefined) return undefined;
  const view = findView(source.view, source.version);
  if (view === undefined) throw new ModelLoadError(card.name, card.version, [`view ${source.view} v${source.version} is not defined`]);
  const indexes = card.inputs.features.map((f) => view.outputNames.indexOf(f.feature));
  const unknown = card.inputs.features.filter((_, i) => indexes[i] === -1).map((f) => f.feature);
  if (unknown.length > 0)
    throw new ModelLoadError(card.name, card.version, [`${source.view} v${source.version} has no ${unknown.join(', ')}`]);
  return { ...source, indexes };
}
