/**
 * Windows are kept as tiles: per-tile partial aggregates that merge. A window of length w with
 * tiles of size g covers the tile that holds the event and the w/g − 1 tiles before it, so a long
 * window costs at most ~120 tiles of state and reads. That tile-aligned window is the definition,
 * online and offline alike: a 1 h window with 1 min tiles covers between 59 and 60 minutes.
 */
const TILE_SIZES = [1_000, 10_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];

/** Most tiles one window may span. */
export const MAX_TILES_PER_WINDOW = 120;

/** The smallest standard tile size that divides the window into at most 120 tiles. */
export function tileSizeFor(windowMs: number): number {
  if (!(windowMs > 0)) throw new Error(`window of ${windowMs} ms: a window must be longer than 0`);
  for (const size of TILE_SIZES) {
    if (windowMs % size === 0 && windowMs / size <= MAX_TILES_PER_WINDOW) return size;
  }
  throw new Error(`window of ${windowMs} ms has no tile size: use a whole number of seconds, minutes, hours or days up to 120 days`);
}

export const tileStart = (timeMs: number, tileMs: number): number => Math.floor(timeMs / tileMs) * tileMs;

/** The first tile start inside the window of an event at `timeMs`. */
export const windowFirstTile = (timeMs: number, windowMs: number, tileMs: number): number => tileStart(timeMs, tileMs) - windowMs + tileMs;
