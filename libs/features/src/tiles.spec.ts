import { parseDuration } from './duration';
import { MAX_TILES_PER_WINDOW, tileSizeFor, tileStart, windowFirstTile } from './tiles';

const T0 = Date.UTC(2026, 0, 1);

describe(tileSizeFor.name, () => {
  it.each([
    ['1s', '1s'],
    ['90s', '1s'],
    ['2m', '1s'],
    ['10m', '10s'],
    ['20m', '10s'],
    ['1h', '1m'],
    ['2h', '1m'],
    ['6h', '5m'],
    ['24h', '15m'],
    ['7d', '6h'],
    ['30d', '6h'],
    ['31d', '1d'],
    ['120d', '1d'],
  ])('gives a %s window %s tiles: the smallest standard size dividing it into at most 120 tiles', (window, tile) => {
    expect(tileSizeFor(parseDuration(window))).toBe(parseDuration(tile));
  });

  it('never gives a window more than MAX_TILES_PER_WINDOW tiles', () => {
    for (const window of ['1s', '2m', '120m', '5h', '30h', '30d', '100d']) {
      const windowMs = parseDuration(window);
      expect(windowMs / tileSizeFor(windowMs)).toBeLessThanOrEqual(MAX_TILES_PER_WINDOW);
    }
  });

  it.each([
    ['a window longer than 120 days', parseDuration('121d')],
    ['a window that is not whole seconds', 1_500],
    ['121 s, which no standard tile divides into 120 tiles or fewer', 121_000],
    ['121 min, a whole number of minutes that no standard tile divides into 120 tiles or fewer', 7_260_000],
  ])('refuses %s', (_, windowMs) => {
    expect(() => tileSizeFor(windowMs)).toThrow(
      `window of ${windowMs} ms has no tile size: use a whole number of seconds, minutes, hours or days up to 120 days`,
    );
  });
});

describe(tileStart.name, () => {
  it('floors a time to the start of its tile', () => {
    expect(tileStart(T0 + 59_999, 60_000)).toBe(T0);
    expect(tileStart(T0 + 60_000, 60_000)).toBe(T0 + 60_000);
  });

  it('floors times before the epoch downwards too', () => {
    expect(tileStart(-1, 1_000)).toBe(-1_000);
  });
});

describe(windowFirstTile.name, () => {
  it('starts the window w/g − 1 tiles before the tile of the event', () => {
    expect(windowFirstTile(T0 + 3_600_000 + 30_000, 3_600_000, 60_000)).toBe(T0 + 60_000);
  });

  it('makes a window one tile long cover only the tile of the event', () => {
    expect(windowFirstTile(T0 + 1_500, 1_000, 1_000)).toBe(T0 + 1_000);
  });
});
