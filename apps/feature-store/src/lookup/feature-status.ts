import { packedEventTime, packedValue } from '../online/packed-vector';
import type { FeatureSelection, ViewLayout } from '../views/view-registry';
import type { ModelVectorPlan } from './model-vector-request';

/**
 * `present`: a value, within the view's TTL. `missing`: no vector for the entity, or the value is
 * null. `expired`: the vector is older than the TTL; its values are withheld (null).
 */
export type FeatureStatus = 'present' | 'missing' | 'expired';

export interface FeatureReading {
  readonly value: number | null;
  readonly status: FeatureStatus;
  /** Time since the vector's event time; null without a vector. (ms) */
  readonly age_ms: number | null;
}

export interface EntityFeatures {
  readonly entity_id: string;
  /** The vector's status: `present` (within TTL), `expired` or `missing` (no vector). */
  readonly status: FeatureStatus;
  /** Event time of the vector. (ms since epoch) */
  readonly event_time: number | null;
  /** `now − event_time`; negative when the event time is ahead of this store's clock. (ms) */
  readonly age_ms: number | null;
  readonly features: Record<string, FeatureReading>;
}

export interface ModelInputs {
  readonly values: (number | null)[];
  readonly statuses: FeatureStatus[];
}

/** TTL is enforced at read time: a vector is expired once more than `ttlMs` passed since its event time. */
export const isExpired = (eventTimeMs: number, ttlMs: number, nowMs: number): boolean => nowMs - eventTimeMs > ttlMs;

/** The asked features of one entity from its packed vector (already checked against the layout), or all missing. */
export function entityFeatures(
  entityId: string,
  packed: Buffer | null,
  layout: ViewLayout,
  selection: FeatureSelection,
  nowMs: number,
): EntityFeatures {
  const features: Record<string, FeatureReading> = {};
  const { names, indexes } = selection;
  if (packed === null) {
    const missing: FeatureReading = { value: null, status: 'missing', age_ms: null };
    for (const name of names) features[name] = missing;
    return { entity_id: entityId, status: 'missing', event_time: null, age_ms: null, features };
  }
  const eventTime = packedEventTime(packed);
  const age = nowMs - eventTime;
  if (isExpired(eventTime, layout.ttlMs, nowMs)) {
    const expired: FeatureReading = { value: null, status: 'expired', age_ms: age };
    for (const name of names) features[name] = expired;
    return { entity_id: entityId, status: 'expired', event_time: eventTime, age_ms: age, features };
  }
  for (let i = 0; i < names.length; i += 1) {
    const value = packedValue(packed, indexes[i] as number);
    features[names[i] as string] = { value, status: value === null ? 'missing' : 'present', age_ms: age };
  }
  return { entity_id: entityId, status: 'present', event_time: eventTime, age_ms: age, features };
}

/** A model's inputs in its order, from the plan's reads (packed vectors checked against their layouts). */
export function modelInputs(plan: ModelVectorPlan, packed: readonly (Buffer | null)[], nowMs: number): ModelInputs {
  const expired = plan.reads.map((read, i) => {
    const vector = packed[i];
    return vector !== null && vector !== undefined && isExpired(packedEventTime(vector), read.layout.ttlMs, nowMs);
  });
  const values: (number | null)[] = [];
  const statuses: FeatureStatus[] = [];
  for (const slot of plan.slots) {
    const vector = packed[slot.read] ?? null;
    if (vector === null || expired[slot.read]) {
      values.push(null);
      statuses.push(vector === null ? 'missing' : 'expired');
      continue;
    }
    const value = packedValue(vector, slot.index);
    values.push(value);
    statuses.push(value === null ? 'missing' : 'present');
  }
  return { values, statuses };
}
