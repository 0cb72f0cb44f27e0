// The model registry from the command line: `npm run models -- --help`.
import { describeError } from '@mlops/util';
import { parseArgsOrExplain } from '@mlops/config';
import { parseCliArgs, usage } from './cli-options';
import { InputFileError, runCommand } from './commands';
import { loadModelsConfig } from './models.config';
import { refusalLines, unreachableLines } from './output';
import { RegistryClient, RegistryRefusalError, RegistryUnreachableError } from './registry.client';

const fail = (lines: readonly string[], code: number): number => {
  process.stderr.write(`${lines.join('\n')}\n`);
  return code;
};

async function main(): Promise<number> {
  const options = parseArgsOrExplain(() => parseCliArgs(process.argv.slice(2)), usage);
  if (options === undefined) return 2;
  if (options.command === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  const client = new RegistryClient(options.registry ?? loadModelsConfig().registryUrl);
  try {
    await runCommand(options, client, (text) => void process.stdout.write(text));
    return 0;
  } catch (error) {
    if (error instanceof RegistryRefusalError) return fail(refusalLines(error), 1);
    if (error instanceof RegistryUnreachableError) return fail(unreachableLines(error), 2);
    if (error instanceof InputFileError) return fail([`error: ${describeError(error)}`], 2);
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`models failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);
