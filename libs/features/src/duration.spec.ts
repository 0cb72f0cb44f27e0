import { formatDuration, parseDuration } from './duration';

describe(parseDuration.name, () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['30d', 2_592_000_000],
    ['0s', 0],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([[''], ['5'], ['1.5h'], ['-5m'], [' 5m'], ['5m '], ['5M'], ['5min'], ['1w'], ['h']])(
    'refuses %j, naming it and the units',
    (text) => {
      expect(() => parseDuration(text)).toThrow(
        `invalid duration "${text}": expected a whole number and one of ms, s, m, h, d (e.g. "24h")`,
      );
    },
  );
});

describe(formatDuration.name, () => {
  it.each([
    [86_400_000, '1d'],
    [2_592_000_000, '30d'],
    [3_600_000, '1h'],
    [5_400_000, '90m'],
    [90_000, '90s'],
    [1_000, '1s'],
    [1_500, '1500ms'],
    [0, '0d'],
  ])('writes %d ms as %j, the largest unit that divides it', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([[1], [999], [1_000], [61_000], [3_600_000], [7 * 86_400_000], [86_400_001]])('reads back %d ms through parseDuration', (ms) => {
    expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
