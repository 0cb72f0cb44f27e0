import type { FeatureVector } from '@mlops/contracts';
import { processEvent, type EntityState, type FeatureView } from '@mlops/features';
import type { ConsumedMessage } from '@mlops/kafka';
import type { Context } from '@opentelemetry/api';

export interface ComputedVector {
  readonly vector: FeatureVector;
  readonly traceContext: Context;
}

export interface ViewBatchResult {
  readonly vectors: ComputedVector[];
  /** New state of every entity the batch touched. */
  readonly states: Map<string, EntityState>;
  readonly replayed: number;
  /** Events older than the entity's latest event time minus the allowed lateness: not aggregated. */
  readonly tooLate: ConsumedMessage<Record<string, unknown>>[];
  /** Events without a finite event time (the schema makes it required, so none in practice): not aggregated. */
  readonly invalid: ConsumedMessage<Record<string, unknown>>[];
}

/**
 * Runs one partition batch of events through a view, in log order, from the entities' stored
 * states. Pure apart from the clock that stamps `computed_at`.
 */
export function computeViewBatch(
  view: FeatureView,
  messages: readonly ConsumedMessage<Record<string, unknown>>[],
  loaded: ReadonlyMap<string, EntityState>,
  now: () => number = Date.now,
): ViewBatchResult {
  const states = new Map<string, EntityState>();
  const vectors: ComputedVector[] = [];
  const tooLate: ConsumedMessage<Record<string, unknown>>[] = [];
  const invalid: ConsumedMessage<Record<string, unknown>>[] = [];
  let replayed = 0;
  for (const message of messages) {
    const entity = String(message.value[view.keyField]);
    // The loaded states were decoded for this batch alone, so they are updated in place.
    const result = processEvent(
      view,
      states.get(entity) ?? loaded.get(entity),
      message.value,
      { partition: message.partition, offset: message.offset },
      { inPlace: true },
    );
    states.set(entity, result.state);
    if (result.outcome === 'replayed') replayed += 1;
    else if (result.outcome === 'too_late') tooLate.push(message);
    else if (result.outcome === 'invalid') invalid.push(message);
    else if (result.values) {
      vectors.push({
        traceContext: message.traceContext,
        vector: {
          event_id: String(message.value[view.idField]),
          view: view.name,
          view_version: view.version,
          entity_id: entity,
          event_time: Number(message.value[view.timeField]),
          computed_at: now(),
          values: result.values,
        },
      });
    }
  }
  return { vectors, states, replayed, tooLate, invalid };
}
