import { matches } from './definition';
import { RECENT_IDS, emptyState, type EntityState, type TileAggregate } from './entity-state';
import { hash32, kmvAdd, kmvEstimate, kmvMerge } from './kmv';
import { tileStart, windowFirstTile } from './tiles';
import type { FeatureView, TileGroup } from './view';

/** Where an event sits in its log; replays of a position already processed change nothing. */
export interface LogPosition {
  readonly partition: number;
  readonly offset: string;
}

export type Outcome =
  /** Aggregated; `values` is the vector as of this event. */
  | 'applied'
  /** Already processed: at this log position (a replay after a crash), or the same event id among the entity's latest (a duplicate). Skipped, no vector. */
  | 'replayed'
  /** Older than the entity's latest event time minus the allowed lateness: not aggregated, no vector. */
  | 'too_late';

export interface ProcessResult {
  readonly outcome: Outcome;
  readonly values: (number | null)[] | null;
  readonly state: EntityState;
}

/**
 * The one rule for a feature vector, online and offline: process the entity's events in log
 * order; windowed aggregates cover the event's own tile-aligned window and include the event
 * itself and any event before it in the log (late events within the allowance are aggregated
 * where they belong); last / last_n / time_since_last describe the events before it. An event
 * whose id is among the entity's 64 latest is a duplicate and is not aggregated again.
 * Pure: the state passed in is not modified.
 */
export function processEvent(
  view: FeatureView,
  previous: EntityState | undefined,
  event: Readonly<Record<string, unknown>>,
  position?: LogPosition,
): ProcessResult {
  const state = structuredClone(previous ?? emptyState());
  if (position && isProcessed(state, position)) return { outcome: 'replayed', values: null, state: previous ?? state };
  if (position) state.positions[String(position.partition)] = position.offset;
  const id = String(event[view.idField]);
  if (state.recent.includes(id)) return { outcome: 'replayed', values: null, state };
  const time = Number(event[view.timeField]);
  if (time < state.watermark - view.allowedLatenessMs) return { outcome: 'too_late', values: null, state };

  for (const group of view.groups) addToTiles(state, group, event, time);
  const values = vectorAsOf(view, state, event, time);
  rememberPrevious(view, state, event, time);
  state.watermark = Math.max(state.watermark, time);
  state.recent = [id, ...state.recent].slice(0, RECENT_IDS);
  prune(view, state);
  return { outcome: 'applied', values, state };
}

function isProcessed(state: EntityState, position: LogPosition): boolean {
  const last = state.positions[String(position.partition)];
  return last !== undefined && BigInt(position.offset) <= BigInt(last);
}

function addToTiles(state: EntityState, group: TileGroup, event: Readonly<Record<string, unknown>>, time: number): void {
  if (!matches(group.where, event)) return;
  const tiles = (state.tiles[group.key] ??= {});
  const key = String(tileStart(time, group.tileMs));
  const raw = group.field === undefined ? 1 : event[group.field];
  const value = typeof raw === 'number' ? raw : typeof raw === 'boolean' ? Number(raw) : 0;
  const tile: TileAggregate = tiles[key] ?? [0, 0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  tile[0] += 1;
  tile[1] += value;
  tile[2] += value * value;
  tile[3] = Math.min(tile[3], value);
  tile[4] = Math.max(tile[4], value);
  const distinctValue = group.field === undefined ? undefined : event[group.field];
  // Missing values (e.g. no device) are not a distinct value of their own.
  if (group.distinct && distinctValue !== undefined && distinctValue !== null)
    tile[5] = kmvAdd(tile[5] ?? [], hash32(distinctKey(distinctValue)));
  tiles[key] = tile;
}

function vectorAsOf(view: FeatureView, state: EntityState, event: Readonly<Record<string, unknown>>, time: number): (number | null)[] {
  const named: Record<string, number | null> = {};
  const values: (number | null)[] = [];
  const push = (name: string, value: number | null) => {
    named[name] = value;
    values.push(value);
  };
  for (const definition of view.features) {
    switch (definition.kind) {
      case 'window': {
        const group = view.groupOf.get(definition.name) as TileGroup;
        push(
          definition.name,
          aggregate(definition.aggregation, windowTiles(state, group, time, view.windowOf.get(definition.name) as number)),
        );
        break;
      }
      case 'last':
        push(definition.name, state.lasts[definition.field]?.[0] ?? null);
        break;
      case 'last_n':
        for (let i = 0; i < definition.n; i += 1) push(`${definition.name}_${i + 1}`, state.lasts[definition.field]?.[i] ?? null);
        break;
      case 'time_since_last':
        push(definition.name, state.lastTime === null ? null : (time - state.lastTime) / 1000);
        break;
      case 'derived':
        push(definition.name, finiteOrNull(definition.compute(event, named)));
        break;
    }
  }
  return values;
}

function windowTiles(state: EntityState, group: TileGroup, time: number, windowMs: number): TileAggregate[] {
  const first = windowFirstTile(time, windowMs, group.tileMs);
  const last = tileStart(time, group.tileMs);
  return Object.entries(state.tiles[group.key] ?? {})
    .filter(([start]) => Number(start) >= first && Number(start) <= last)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, tile]) => tile);
}

function aggregate(kind: string, tiles: readonly TileAggregate[]): number | null {
  const count = tiles.reduce((n, t) => n + t[0], 0);
  const sum = tiles.reduce((s, t) => s + t[1], 0);
  switch (kind) {
    case 'count':
      return count;
    case 'sum':
      return sum;
    case 'mean':
      return count === 0 ? null : sum / count;
    case 'min':
      return count === 0 ? null : Math.min(...tiles.map((t) => t[3]));
    case 'max':
      return count === 0 ? null : Math.max(...tiles.map((t) => t[4]));
    case 'stddev': {
      if (count === 0) return null;
      const mean = sum / count;
      const squares = tiles.reduce((s, t) => s + t[2], 0);
      return Math.sqrt(Math.max(0, squares / count - mean * mean));
    }
    case 'distinct':
      return kmvEstimate(kmvMerge(tiles.map((t) => t[5] ?? [])));
    default:
      throw new Error(`unknown aggregation ${kind}`);
  }
}

function rememberPrevious(view: FeatureView, state: EntityState, event: Readonly<Record<string, unknown>>, time: number): void {
  for (const [field, depth] of view.lastDepth) {
    const raw = event[field];
    const value = typeof raw === 'number' ? raw : typeof raw === 'boolean' ? Number(raw) : null;
    state.lasts[field] = [value, ...(state.lasts[field] ?? [])].slice(0, depth);
  }
  state.lastTime = time;
}

/** Drops tiles no window can reach any more, allowing for late events. */
function prune(view: FeatureView, state: EntityState): void {
  for (const group of view.groups) {
    const horizon = tileStart(state.watermark - view.allowedLatenessMs, group.tileMs) - group.maxWindowMs;
    const tiles = state.tiles[group.key];
    if (!tiles) continue;
    for (const start of Object.keys(tiles)) if (Number(start) < horizon) delete tiles[start];
  }
}

function distinctKey(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'undefined';
}

const finiteOrNull = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : value);
