import { UsageError } from '@mlops/config';
import { parseArgs } from 'node:util';
import { FeatureViews, findView, type FeatureView } from '@mlops/features';
import { parseTimestamp } from './training-set/training-rows';
import type { OutputFormat } from './training-set/training-set-output';

interface Common {
  readonly view: FeatureView;
  /** Overrides CLICKHOUSE_DATABASE. */
  readonly database: string | undefined;
  /** Overrides TOPIC_NAMESPACE. */
  readonly namespace: string | undefined;
}

export interface TrainingSetOptions extends Common {
  readonly command: 'training-set';
  /** A CSV of rows, or `labels` for one row per labelled transaction. */
  readonly rows: { readonly kind: 'file'; readonly path: string } | { readonly kind: 'labels' };
  /** @default stdout */
  readonly out: string | undefined;
  readonly format: OutputFormat;
}

export interface BackfillCliOptions extends Common {
  readonly command: 'backfill';
  readonly from: number;
  readonly to: number;
  readonly out: string | undefined;
  readonly writeFeatureLog: boolean;
}

export interface ConsistencyCliOptions extends Common {
  readonly command: 'consistency';
  readonly tolerance: number;
  readonly between: { readonly from: number; readonly to: number } | undefined;
  readonly examples: number;
  readonly jsonState: boolean;
  readonly json: boolean;
}

export type CliOptions = TrainingSetOptions | BackfillCliOptions | ConsistencyCliOptions | { readonly command: 'help' };

export { UsageError };

const flags = {
  view: { type: 'string' },
  version: { type: 'string' },
  database: { type: 'string' },
  namespace: { type: 'string' },
  rows: { type: 'string' },
  'from-labels': { type: 'boolean', default: false },
  out: { type: 'string' },
  format: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'write-feature-log': { type: 'boolean', default: false },
  tolerance: { type: 'string' },
  examples: { type: 'string' },
  'json-state': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Flag = keyof typeof flags;
type Command = Exclude<CliOptions['command'], 'help'>;

const commandFlags: Record<Command, readonly Flag[]> = {
  'training-set': ['rows', 'from-labels', 'out', 'format'],
  backfill: ['from', 'to', 'out', 'write-feature-log', 'json-state'],
  consistency: ['tolerance', 'from', 'to', 'examples', 'json-state', 'json'],
};
const commonFlags: readonly Flag[] = ['view', 'version', 'database', 'namespace', 'help'];

/** Reads the command and its flags; throws {@link UsageError} listing every problem. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof flags; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: flags, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError([error instanceof Error ? error.message : String(error)]);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { command: 'help' };
  const [name, ...extra] = positionals;
  const command = (Object.keys(commandFlags) as Command[]).find((c) => c === name);
  if (!command) throw new UsageError([`unknown command "${name}": expected ${Object.keys(commandFlags).join(', ')}`]);
  const problems: string[] = [];
  if (extra.length > 0) problems.push(`unexpected arguments: ${extra.join(' ')}`);
  const given = (Object.keys(values) as Flag[]).filter((flag) => values[flag] !== undefined && values[flag] !== false);
  const misplaced = given.filter((flag) => !commonFlags.includes(flag) && !commandFlags[command].includes(flag));
  if (misplaced.length > 0) problems.push(`${misplaced.map((f) => `--${f}`).join(', ')} not used by ${command}`);
  const common: Common = {
    view: resolveView(values.view, values.version, problems),
    database: check(values.database, /^[A-Za-z_][A-Za-z0-9_]*$/, '--database', 'a plain identifier', problems),
    namespace: check(values.namespace, /^[a-z0-9][a-z0-9_-]*$/, '--namespace', 'lowercase letters, digits, "_" or "-"', problems),
  };
  const options = commandOptions(command, values, common, problems);
  if (problems.length > 0) throw new UsageError(problems);
  return options;
}

type Values = ReturnType<typeof parseArgs<{ options: typeof flags; allowPositionals: true }>>['values'];

function commandOptions(command: Command, values: Values, common: Common, problems: string[]): CliOptions {
  if (command === 'training-set') {
    if ((values.rows === undefined) === !values['from-labels']) problems.push('give either --rows FILE or --from-labels');
    return {
      ...common,
      command,
      rows: values.rows === undefined ? { kind: 'labels' } : { kind: 'file', path: values.rows },
      out: values.out,
      format: outputFormat(values.format, values.out, problems),
    };
  }
  if (command === 'backfill') {
    const from = time('--from', values.from, problems, true);
    const to = time('--to', values.to, problems, true);
    if (values.out !== undefined && values['write-feature-log']) problems.push('give --out or --write-feature-log, not both');
    if (from !== undefined && to !== undefined && !(from < to)) problems.push('--from must be before --to');
    return { ...common, command, from: from ?? 0, to: to ?? 0, out: values.out, writeFeatureLog: values['write-feature-log'] };
  }
  const from = time('--from', values.from, problems, false);
  const to = time('--to', values.to, problems, false);
  if ((from === undefined) !== (to === undefined)) problems.push('give --from and --to together');
  const tolerance = Number(values.tolerance ?? '0');
  if (!Number.isFinite(tolerance) || tolerance < 0) problems.push(`--tolerance ${JSON.stringify(values.tolerance)}: expected a number ≥ 0`);
  const examples = Number(values.examples ?? '5');
  if (!Number.isInteger(examples) || examples < 0)
    problems.push(`--examples ${JSON.stringify(values.examples)}: expected a whole number ≥ 0`);
  return {
    ...common,
    command,
    tolerance,
    between: from !== undefined && to !== undefined ? { from, to } : undefined,
    examples,
    jsonState: values['json-state'],
    json: values.json,
  };
}

function resolveView(name: string | undefined, version: string | undefined, problems: string[]): FeatureView {
  const known = [...new Set(FeatureViews.map((v) => v.name))].join(', ');
  if (name === undefined) {
    problems.push(`--view is required: one of ${known}`);
    return FeatureViews[0] as FeatureView;
  }
  const number = version === undefined ? undefined : Number(version);
  if (number !== undefined && !(Number.isInteger(number) && number >= 1)) {
    problems.push(`--version ${JSON.stringify(version)}: expected a whole number ≥ 1`);
    return FeatureViews[0] as FeatureView;
  }
  const view = findView(name, number);
  if (!view) problems.push(`no feature view ${name}${number === undefined ? '' : ` v${number}`}: known views are ${known}`);
  return view ?? (FeatureViews[0] as FeatureView);
}

function check(value: string | undefined, pattern: RegExp, flag: string, expected: string, problems: string[]): string | undefined {
  if (value !== undefined && !pattern.test(value)) problems.push(`${flag} ${JSON.stringify(value)}: expected ${expected}`);
  return value;
}

function time(flag: string, value: string | undefined, problems: string[], required: boolean): number | undefined {
  if (value === undefined) {
    if (required) problems.push(`${flag} is required`);
    return undefined;
  }
  const ms = parseTimestamp(value);
  if (ms === undefined) problems.push(`${flag} ${JSON.stringify(value)}: expected ms since the epoch or ISO 8601 with a zone`);
  return ms;
}

function outputFormat(format: string | undefined, out: string | undefined, problems: string[]): OutputFormat {
  if (format === 'csv' || format === 'ndjson') return format;
  if (format !== undefined) problems.push(`--format ${JSON.stringify(format)}: expected csv or ndjson`);
  return out !== undefined && /\.(nd)?jsonl?$/.test(out) ? 'ndjson' : 'csv';
}

export const usage = `Usage: npm run features:offline -- <command> [options]

Feature views offline, by the same code as the stream (libs/features processEvent), from the
events archived in ClickHouse: \`events\` FINAL of the log the view's stream reads (the source
topic, or its re-keyed copy for views keyed otherwise, e.g. by merchant), each entity in log
order (partition, offset). Without an archived re-keyed copy, the source partitions are merged
by event time, an approximation the output says it used.

Commands:
  training-set   point-in-time correct vectors for training rows (CSV or NDJSON)
  backfill       the vectors of archived events in a time range (NDJSON or feature_log)
  consistency    compare the stream's feature_log with an offline replay; exit 1 on any difference

Every command:
  --view NAME              feature view, e.g. user_transactions (required)
  --version N              view version (default: the latest bundled)
  --database DB            ClickHouse database (default CLICKHOUSE_DATABASE, else mlops)
  --namespace NS           topic namespace of the archived events (default TOPIC_NAMESPACE, else none)

training-set:
  --rows FILE              CSV with header entity_id,timestamp[,event_id][,label]; timestamp in ms or
                           ISO 8601; a row with event_id gets that event's own (streamed) vector,
                           one without gets the vector as of its timestamp
  --from-labels            one row per labelled transaction (labels ⨝ transactions, latest label),
                           the transaction's own vector, label = is_fraud
  --out FILE               output file (default stdout)
  --format csv|ndjson      default: ndjson for --out *.ndjson/*.jsonl/*.json, else csv

backfill:
  --from TIME --to TIME    event time range [from, to), ms or ISO 8601 (required)
  --out FILE               NDJSON feature vectors, the features.<view> shape (default stdout)
  --write-feature-log      insert into feature_log instead (values bit for bit; a later row wins)
  --json-state             store the state as JSON between events, as Redis does online

consistency:
  --tolerance X            relative float tolerance: |a-b| <= X * max(1,|a|,|b|) (default 0: exact)
  --from TIME --to TIME    only the vectors of events in [from, to)
  --examples N             examples per mismatching feature (default 5)
  --json-state             store the state as JSON between events in the replay
  --json                   print the report as JSON

Environment: CLICKHOUSE_URL (required), CLICKHOUSE_DATABASE, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD,
TOPIC_NAMESPACE.
`;
