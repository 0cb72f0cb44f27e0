import { pointInTime, replayEntity, type EntityReplay, type FeatureView, type LoggedEvent } from '@mlops/features';
import type { TrainingRow } from './training-rows';

export interface TrainingExample extends TrainingRow {
  /** In the view's `outputNames` order. */
  readonly values: (number | null)[];
}

/** Why a row naming an event got no vector: the stream computed none for it either. */
export type MissingReason = 'not_archived' | 'replayed' | 'too_late' | 'invalid';

export interface TrainingSet {
  readonly examples: TrainingExample[];
  readonly missing: { readonly row: TrainingRow; readonly reason: MissingReason }[];
}

/**
 * Point-in-time correct vectors for training rows, from each entity's archived events in log
 * order. A row naming an event gets that event's own vector as the stream computed it (the
 * event counted, last/last_n describing the events before it, derived features from its fields):
 * what the model saw when it scored the event. A row without an event gets {@link pointInTime}
 * as of its timestamp. Pure.
 */
export function buildTrainingSet(
  view: FeatureView,
  rows: readonly TrainingRow[],
  eventsByEntity: ReadonlyMap<string, readonly LoggedEvent[]>,
): TrainingSet {
  const replays = new Map<string, { replay: EntityReplay; vectors: Map<string, (number | null)[]> }>();
  const replayOf = (entity: string) => {
    let cached = replays.get(entity);
    if (!cached) {
      const replay = replayEntity(view, eventsByEntity.get(entity) ?? []);
      cached = { replay, vectors: new Map(replay.vectors.map((v) => [v.event_id, v.values])) };
      replays.set(entity, cached);
    }
    return cached;
  };
  const examples: TrainingExample[] = [];
  const missing: TrainingSet['missing'] = [];
  for (const row of rows) {
    if (row.event_id === undefined) {
      examples.push({ ...row, values: pointInTime(view, eventsByEntity.get(row.entity_id) ?? [], row.timestamp) });
      continue;
    }
    const { replay, vectors } = replayOf(row.entity_id);
    const values = vectors.get(row.event_id);
    if (values) examples.push({ ...row, values });
    else missing.push({ row, reason: replay.skipped.find((s) => s.event_id === row.event_id)?.outcome ?? 'not_archived' });
  }
  return { examples, missing };
}
