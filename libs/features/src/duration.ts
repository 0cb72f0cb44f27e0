const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `'90s'`, `'5m'`, `'24h'`, `'30d'` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`invalid duration "${text}": expected a whole number and one of ms, s, m, h, d (e.g. "24h")`);
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}

/** The shortest text `parseDuration` reads back to `ms`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNITS[unit] as number;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
