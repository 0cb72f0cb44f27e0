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
  | 'too_late'
  /** No finite event time: not aggregated, no vector. */
  | 'invalid';

export interface ProcessOptions {
  /**
   * Update the given state object instead of a copy: for callers that own their states (the
   * stream, offline replays), it saves a deep copy per event. @default false
   */
  readonly inPlace?: boolean;
}

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
  options: ProcessOptions = {},
): ProcessResult {
  const state = previous === undefined ? emptyState() : options.inPlace ? previous : structuredClone(previous);
  if (position && isProcessed(state, position)) return { outcome: 'replayed', values: null, state };
  if (position) state.positions[String(position.partition)] = position.offset;
  const id = String(event[view.idField]);
  if (state.recent.includes(id)) return { outcome: 'replayed', values: null, state };
  const time = Number(event[view.timeField]);
  if (!Number.isFinite(time)) return { outcome: 'invalid', values: null, state };
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
  // An event without a value for the group's field is not in its aggregates (as SQL's AVG ignores NULL).
  if (group.field !== undefined && (event[group.field] === null || event[group.field] === undefined)) return;
  const tiles = (state.tiles[group.key] ??= []);
  const start = tileStart(time, group.tileMs);
  const tile = tileAt(tiles, start);
  const raw = group.field === undefined ? 1 : event[group.field];
  const value = typeof raw === 'number' ? raw : typeof raw === 'boolean' ? Number(raw) : 0;
  tile[1] += 1;
  tile[2] += value;
  tile[3] += value * value;
  tile[4] = Math.min(tile[4], value);
  tile[5] = Math.max(tile[5], value);
  const distinctValue = group.field === undefined ? undefined : event[group.field];
  // Missing values (e.g. no device) are not a distinct value of their own.
  if (group.distinct && distinctValue !== undefined && distinctValue !== null)
    tile[6] = kmvAdd(tile[6] ?? [], hash32(distinctKey(distinctValue)));
}

/** The tile starting at `start`, inserted in order when new (usually at the end; late events earlier). */
function tileAt(tiles: TileAggregate[], start: number): TileAggregate {
  let index = tiles.length;
  while (index > 0 && (tiles[index - 1] as TileAggregate)[0] > start) index -= 1;
  const existing = tiles[index - 1];
  if (existing && existing[0] === start) return existing;
  const tile: TileAggregate = [start, 0, 0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  tiles.splice(index, 0, tile);
  return tile;
}

function vectorAsOf(view: FeatureView, state: EntityState, event: Readonly<Record<string, unknown>>, time: number): (number | null)[] {
  const windows = windowAggregates(view, state, time);
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
        push(definition.name, finish(definition.aggregation, windows.get(`${group.key}@${view.windowOf.get(definition.name)}`)));
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

/** Merged tiles of one window: what every windowed aggregation is computed from. */
interface WindowAccumulator {
  count: number;
  sum: number;
  sumSquares: number;
  min: number;
  max: number;
  sketches: number[][];
}

const windowsByGroup = new WeakMap<FeatureView, Map<string, number[]>>();

/** The distinct window lengths of each tile group of a view, computed once per view. */
function groupWindows(view: FeatureView): Map<string, number[]> {
  let cached = windowsByGroup.get(view);
  if (!cached) {
    cached = new Map();
    for (const [name, group] of view.groupOf) {
      const windows = cached.get(group.key) ?? [];
      const windowMs = view.windowOf.get(name) as number;
      if (!windows.includes(windowMs)) windows.push(windowMs);
      cached.set(group.key, windows);
    }
    windowsByGroup.set(view, cached);
  }
  return cached;
}

/**
 * One pass over each group's tiles merges them into every window of the group that ends with
 * the tile of `time`. Tiles are visited in ascending start order, so sums are added in the same
 * order whoever computes them.
 */
function windowAggregates(view: FeatureView, state: EntityState, time: number): Map<string, WindowAccumulator> {
  const result = new Map<string, WindowAccumulator>();
  for (const group of view.groups) {
    const windows = groupWindows(view).get(group.key) ?? [];
    const accumulators = windows.map((windowMs) => {
      const accumulator: WindowAccumulator = {
        count: 0,
        sum: 0,
        sumSquares: 0,
        min: Number.POSITIVE_INFINITY,
        max: Number.NEGATIVE_INFINITY,
        sketches: [],
      };
      result.set(`${group.key}@${windowMs}`, accumulator);
      return { first: windowFirstTile(time, windowMs, group.tileMs), accumulator };
    });
    const last = tileStart(time, group.tileMs);
    for (const tile of state.tiles[group.key] ?? []) {
      if (tile[0] > last) break;
      for (const { first, accumulator } of accumulators) {
        if (tile[0] < first) continue;
        accumulator.count += tile[1];
        accumulator.sum += tile[2];
        accumulator.sumSquares += tile[3];
        accumulator.min = Math.min(accumulator.min, tile[4]);
        accumulator.max = Math.max(accumulator.max, tile[5]);
        if (tile[6]) accumulator.sketches.push(tile[6]);
      }
    }
  }
  return result;
}

function finish(kind: string, window: WindowAccumulator | undefined): number | null {
  const { count, sum, sumSquares, min, max, sketches } = window ?? { count: 0, sum: 0, sumSquares: 0, min: 0, max: 0, sketches: [] };
  switch (kind) {
    case 'count':
      return count;
    case 'sum':
      return sum;
    case 'mean':
      return count === 0 ? null : sum / count;
    case 'min':
      return count === 0 ? null : min;
    case 'max':
      return count === 0 ? null : max;
    case 'stddev': {
      if (count === 0) return null;
      const mean = sum / count;
      return Math.sqrt(Math.max(0, sumSquares / count - mean * mean));
    }
    case 'distinct':
      return kmvEstimate(kmvMerge(sketches));
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
    let drop = 0;
    while (drop < tiles.length && (tiles[drop] as TileAggregate)[0] < horizon) drop += 1;
    if (drop > 0) tiles.splice(0, drop);
  }
}

function distinctKey(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'undefined';
}

const finiteOrNull = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : value);
