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
