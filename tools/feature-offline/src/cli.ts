// Feature views offline: `npm run features:offline -- --help`.
import { createClickHouse } from '@mlops/clickhouse';
import { createLogger } from '@mlops/observability';
import { describeError } from '@mlops/util';
import { parseArgsOrExplain } from '@mlops/config';
import { parseCliArgs, usage, type CliOptions } from './cli-options';
import { runBackfill, runConsistency, runTrainingSet, type CommandContext } from './commands';
import { loadFeatureOfflineConfig } from './feature-offline.config';

async function run(options: Exclude<CliOptions, { command: 'help' }>): Promise<number> {
  const config = loadFeatureOfflineConfig();
  const database = options.database ?? config.clickhouse.database;
  // Logs go to stderr: stdout carries the data or the report.
  const client = createClickHouse({ ...config.clickhouse, database }, createLogger('feature-offline', 'warn', process.stderr));
  const context: CommandContext = {
    client,
    database,
    namespace: options.namespace ?? config.topicNamespace,
    say: (line) => void process.stderr.write(`${line}\n`),
  };
  try {
    if (options.command === 'training-set') return await runTrainingSet(context, options);
    if (options.command === 'backfill') return await runBackfill(context, options);
    return await runConsistency(context, options);
  } finally {
    await client.close();
  }
}

async function main(): Promise<number> {
  const options = parseArgsOrExplain(() => parseCliArgs(process.argv.slice(2)), usage);
  if (options === undefined) return 2;
  if (options.command === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  return run(options);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`feature-offline failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);
