import type { Alias } from '@mlops/model-registry';
import { servedByChallenger } from '../models/canary';
import type { LoadedModel } from '../models/loaded-model';
import type { Routing } from '../models/serving-models.service';

/** The vector fields scoring reads. */
export interface ScorableVector {
  readonly view: string;
  readonly view_version: number;
  readonly entity_id: string;
  readonly values: readonly (number | null)[];
}

/** One ONNX run: a version, the variant it plays, and which vectors of the batch it scores. */
export interface ScoreRun {
  readonly model: LoadedModel;
  readonly variant: Alias;
  readonly rows: readonly number[];
}

const readsVector = (model: LoadedModel | undefined, vector: ScorableVector): model is LoadedModel =>
  model?.stream !== undefined && model.stream.view === vector.view && model.stream.version === vector.view_version;

/**
 * Which version scores which vector: the champion, or the challenger for the entities in its
 * canary share (one served prediction per vector), and the shadow for every vector. A version
 * only reads vectors of its own view version.
 */
export function planRuns(routing: Routing, vectors: readonly ScorableVector[]): ScoreRun[] {
  const served = new Map<LoadedModel, number[]>();
  const shadow: number[] = [];
  vectors.forEach((vector, i) => {
    const challenger = routing.challenger !== undefined && servedByChallenger(vector.entity_id, routing.challengerTraffic);
    const model = challenger ? routing.challenger : routing.champion;
    if (readsVector(model, vector)) {
      const rows = served.get(model);
      if (rows === undefined) served.set(model, [i]);
      else rows.push(i);
    }
    if (readsVector(routing.shadow, vector)) shadow.push(i);
  });
  const runs: ScoreRun[] = [];
  for (const [model, rows] of served) runs.push({ model, variant: model === routing.champion ? 'champion' : 'challenger', rows });
  if (routing.shadow !== undefined && shadow.length > 0) runs.push({ model: routing.shadow, variant: 'shadow', rows: shadow });
  return runs;
}

/** The run's input tensor: the vectors' values at the model's input positions, row-major; missing → NaN. */
export function inputRows(run: ScoreRun, vectors: readonly ScorableVector[]): Float32Array {
  const indexes = run.model.stream?.indexes ?? [];
  const width = indexes.length;
  const rows = new Float32Array(run.rows.length * width);
  run.rows.forEach((row, r) => {
    const values = (vectors[row] as ScorableVector).values;
    for (let c = 0; c < width; c += 1) rows[r * width + c] = values[indexes[c] as number] ?? Number.NaN;
  });
  return rows;
}

/** The model's inputs of one row, in card order (null = missing), for the prediction record. */
export function rowInputs(run: ScoreRun, vector: ScorableVector): (number | null)[] {
  return (run.model.stream?.indexes ?? []).map((index) => vector.values[index] ?? null);
}
