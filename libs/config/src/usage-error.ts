/** Command-line arguments a tool cannot run with; `problems` lists every one. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Runs a tool's argument parser; on a {@link UsageError} writes every problem, then the usage,
 * and returns undefined (the tool exits 2). Other errors are thrown as they are.
 */
export function parseArgsOrExplain<T>(
  parse: () => T,
  usage: string,
  write: (text: string) => void = (text) => process.stderr.write(text),
): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    write(`${error.problems.map((p) => `error: ${p}`).join('\n')}\n\n${usage}`);
    return undefined;
  }
}

/**
 * Checks command-line flag values and collects problems instead of throwing, so that one
 * {@link UsageError} lists every bad flag. Each check returns the value (or a placeholder).
 */
export class FlagChecker {
  constructor(protected readonly problems: string[]) {}

  number(flag: string, raw: string, ok: (x: number) => boolean, expected: string): number {
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value) || !ok(value)) this.problems.push(`${flag} ${JSON.stringify(raw)}: expected ${expected}`);
    return value;
  }

  matches(flag: string, raw: string, pattern: RegExp, expected: string): string {
    return this.valid(flag, raw, (value) => pattern.test(value), expected);
  }

  valid(flag: string, raw: string, ok: (value: string) => boolean, expected: string): string {
    if (!ok(raw)) this.problems.push(`${flag} ${JSON.stringify(raw)}: expected ${expected}`);
    return raw;
  }

  oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
    const found = allowed.find((a) => a === raw);
    if (found === undefined) this.problems.push(`${flag} ${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}`);
    return found ?? (allowed[0] as T);
  }

  date(flag: string, raw: string): number {
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) this.problems.push(`${flag} ${JSON.stringify(raw)}: expected an ISO 8601 time like 2026-01-01T00:00:00Z`);
    return ms;
  }
}
