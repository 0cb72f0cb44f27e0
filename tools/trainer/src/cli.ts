// Trains the card-fraud model: `npm run train -- --help`.
import { describeError } from '@mlops/util';
import { parseArgsOrExplain } from '@mlops/config';
import { parseCliArgs, usage } from './cli-options';
import { TrainingRefusedError } from './model/training-run';
import { RegistryRequestError } from './registry/registry-client';
import { formatSummary } from './summary';
import { runTrainer } from './trainer';
import { loadTrainerConfig } from './trainer.config';

async function main(): Promise<number> {
  const options = parseArgsOrExplain(() => parseCliArgs(process.argv.slice(2), new Date()), usage);
  if (options === undefined) return 2;
  if ('help' in options) {
    process.stdout.write(usage);
    return 0;
  }
  const config = loadTrainerConfig();
  // Progress on stderr: stdout carries the summary (JSON with --json).
  const say = (line: string) => void process.stderr.write(`${line}\n`);
  try {
    const summary = await runTrainer(options, config, say);
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    return 0;
  } catch (error) {
    if (error instanceof TrainingRefusedError) {
      process.stderr.write(`trainer refuses to train: ${error.message}\n`);
      return 1;
    }
    if (error instanceof RegistryRequestError) {
      process.stderr.write(`registry refused: POST ${error.url} answered ${error.status}:\n${error.body}\n`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`trainer failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);
