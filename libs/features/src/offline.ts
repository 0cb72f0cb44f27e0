import { processEvent, type LogPosition, type Outcome } from './engine';
import { decodeState, emptyState, encodeState, type EntityState } from './entity-state';
import type { FeatureView } from './view';

/** An archived event and, when known, where it sat in its log. */
export interface LoggedEvent {
  readonly event: Readonly<Record<string, unknown>>;
  /** Without a position, a replay is only recognised by its event id (among the entity's latest). */
  readonly position?: LogPosition;
}

/** The vector the stream computes for one event (the feature-vector contract without view and clock). */
export interface ReplayedVector {
  readonly event_id: string;
  readonly entity_id: string;
  /** (ms since epoch) */
  readonly event_time: number;
  /** In the view's `outputNames` order; null = missing. */
  readonly values: (number | null)[];
}

/** An event the stream would not have computed a vector for, and why. */
export interface SkippedEvent {
  readonly event_id: string;
  readonly outcome: Exclude<Outcome, 'applied'>;
  readonly position?: LogPosition;
}

export interface ReplayOptions {
  /** Stores the state as JSON between events, as the online path does in Redis. @default false */
  readonly jsonRoundTrip?: boolean;
  /** The entity's state before the first event. @default the empty state */
  readonly initialState?: EntityState;
}

export interface EntityReplay {
  /** One per applied event, in processing order. */
  readonly vectors: ReplayedVector[];
  /** Replayed (position or id already processed) and too_late events, in processing order. */
  readonly skipped: SkippedEvent[];
  /** The entity's state after the last event. */
  readonly state: EntityState;
}

/**
 * The vectors the stream produced (or would produce) for one entity: its events run through
 * {@link processEvent} in the order given, which must be log order for the result to equal the
 * online one. Pure.
 */
export function replayEntity(view: FeatureView, events: readonly LoggedEvent[], options: ReplayOptions = {}): EntityReplay {
  const vectors: ReplayedVector[] = [];
  const skipped: SkippedEvent[] = [];
  // The replay owns its state (a copy of the initial one), so the engine may update it in place.
  let state = options.initialState ? structuredClone(options.initialState) : emptyState();
  for (const { event, position } of events) {
    const result = processEvent(view, state, event, position, { inPlace: true });
    state = options.jsonRoundTrip ? decodeState(encodeState(result.state)) : result.state;
    const eventId = String(event[view.idField]);
    if (result.outcome === 'applied' && result.values !== null) {
      vectors.push({
        event_id: eventId,
        entity_id: String(event[view.keyField]),
        event_time: Number(event[view.timeField]),
        values: result.values,
      });
    } else if (result.outcome !== 'applied') {
      skipped.push(
        position === undefined ? { event_id: eventId, outcome: result.outcome } : { event_id: eventId, outcome: result.outcome, position },
      );
    }
  }
  return { vectors, skipped, state };
}

/** Splits events by the view's entity key, keeping their order within each entity. */
export function groupByEntity<T extends LoggedEvent>(view: FeatureView, events: Iterable<T>): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const logged of events) {
    const entity = String(logged.event[view.keyField]);
    const group = groups.get(entity);
    if (group) group.push(logged);
    else groups.set(entity, [logged]);
  }
  return groups;
}

/** A field no request has: conditions on it match nothing. */
const NO_FIELD = '\u0000point-in-time';

export interface PointInTimeOptions {
  /**
   * Fields of the request the vector is for, read by derived features only (the view's time
   * field is always `asOf`). @default {} (derived features see no event fields)
   */
  readonly request?: Readonly<Record<string, unknown>>;
}

/**
 * The entity's vector as of an arbitrary time `asOf` (ms), for training rows and lookups at a
 * past instant, by the same rule as the stream:
 *
 * 1. The entity's events with event time ≤ `asOf` are run through {@link processEvent} in the
 *    order given (log order); events after `asOf` are left out even when earlier in the log.
 *    Replays, duplicates and too_late are judged among the included events only, so an event
 *    the stream dropped as too late because of an event after `asOf` counts here.
 * 2. Then a synthetic request at `asOf` is evaluated without being aggregated:
 *    - windowed features aggregate the included events whose tiles lie in the window ending
 *      with `asOf`'s tile (the stream's tile alignment; the request itself is not counted, so a
 *      count is the number of those events, 0 when there are none);
 *    - last / last_n describe the last included events in log order; time_since_last is the
 *      seconds from the last included event's time to `asOf` (0 when it is at `asOf`);
 *    - derived features are computed by their function from `{ ...request, [timeField]: asOf }`
 *      and the features before them: without request fields a feature reading one gives what
 *      its function gives for a missing field (e.g. `amount` → null, `hour_of_day` → `asOf`'s hour).
 *
 * The vector the stream computed *for* an event (which counts the event and describes the
 * events before it) is {@link replayEntity}'s, not this one. Pure.
 */
export function pointInTime(
  view: FeatureView,
  events: readonly LoggedEvent[],
  asOf: number,
  options: PointInTimeOptions = {},
): (number | null)[] {
  const { state } = replayEntity(
    view,
    events.filter(({ event }) => Number(event[view.timeField]) <= asOf),
  );
  // The request is no event of the log: no id that the duplicate check could know.
  const request = { ...options.request, [view.idField]: undefined, [view.timeField]: asOf, [NO_FIELD]: undefined };
  const result = processEvent(withoutAggregation(view), state, request, undefined, { inPlace: true });
  if (result.values === null) throw new Error(`no vector as of ${asOf} for view ${view.name} v${view.version}: ${result.outcome}`);
  return result.values;
}

/**
 * The view with the same tile groups (keys, tile sizes, windows) whose conditions match no
 * event: processing a request reads the groups' tiles and aggregates nothing into them.
 */
function withoutAggregation(view: FeatureView): FeatureView {
  const never = { field: NO_FIELD, equals: true } as const;
  const groups = view.groups.map((group) => ({ ...group, where: never }));
  const byKey = new Map(groups.map((group) => [group.key, group]));
  const groupOf = new Map([...view.groupOf].map(([name, group]) => [name, byKey.get(group.key) ?? { ...group, where: never }]));
  return { ...view, groups, groupOf };
}
