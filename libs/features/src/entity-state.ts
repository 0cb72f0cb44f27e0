/** One tile: its start (ms), then count, sum, sum of squares, min, max, and a distinct sketch. */
export type TileAggregate = [start: number, count: number, sum: number, sumSquares: number, min: number, max: number, distinct?: number[]];

/**
 * What the streaming computation keeps per entity and view version (JSON in Redis). The same
 * structure is rebuilt offline by replaying the archived events through the same code.
 */
export interface EntityState {
  /** Latest event time applied. (ms) */
  watermark: number;
  /** Log position of the last event processed, per partition: replays at or before it are skipped. */
  positions: Record<string, string>;
  /** Per tile group key, the group's tiles in ascending start order. */
  tiles: Record<string, TileAggregate[]>;
  /** Previous values per field, most recent first, as deep as the view's last/last_n features need. */
  lasts: Record<string, (number | null)[]>;
  /** Time of the previous event. (ms) */
  lastTime: number | null;
  /** Ids of the entity's latest events, newest first: a duplicate of one of them is not aggregated again. */
  recent: string[];
}

/**
 * Version of the stored state's layout. Stores put it in their keys, so a release that changes the
 * layout starts from fresh keys instead of misreading old ones (which then expire).
 */
export const STATE_FORMAT = 2;

/** How many of an entity's latest event ids are remembered to drop duplicates. */
export const RECENT_IDS = 64;

export const emptyState = (): EntityState => ({
  watermark: Number.NEGATIVE_INFINITY,
  positions: {},
  tiles: {},
  lasts: {},
  lastTime: null,
  recent: [],
});

export function encodeState(state: EntityState): string {
  return JSON.stringify({ ...state, watermark: Number.isFinite(state.watermark) ? state.watermark : null });
}

export function decodeState(text: string | null | undefined): EntityState {
  if (!text) return emptyState();
  const parsed = JSON.parse(text) as Omit<EntityState, 'watermark'> & { watermark: number | null };
  return { ...parsed, recent: parsed.recent ?? [], watermark: parsed.watermark ?? Number.NEGATIVE_INFINITY };
}
