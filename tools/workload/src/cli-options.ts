import { FlagChecker, UsageError } from '@mlops/config';
import { parseArgs } from 'node:util';
import { DriftScheduleError, parseDriftSchedule, type DriftSpec } from './simulation/drift';

export interface CliOptions {
  readonly target: 'kafka' | 'http';
  /** Ingest's base URL (http target). @default http://127.0.0.1:3001 */
  readonly url: string;
  /** Events per second, transactions and labels. @default 200 */
  readonly rate: number;
  /** Transactions in the run: `--events`, or `--rate` × `--duration` (default 30 s). */
  readonly transactions: number;
  /** @default 42 */
  readonly seed: string;
  /** @default 2000 */
  readonly users: number;
  /** @default 1000 */
  readonly merchants: number;
  readonly drift: readonly DriftSpec[];
  /** Target share of fraudulent transactions. @default 0.015 */
  readonly fraudRate: number;
  /** Simulated seconds per real second at the target rate. @default 3600 (an hour of traffic per second) */
  readonly simSpeed: number;
  /** Simulated start (ms since the epoch). @default 2026-01-01T00:00:00Z */
  readonly startMs: number;
  /** @default `wl-<UTC time of the run>` */
  readonly runId: string;
  /** Overrides TOPIC_NAMESPACE (kafka target). */
  readonly topicNamespace: string | undefined;
  /** Create the (namespaced) topics and register their schemas before producing. @default false */
  readonly ensureTopics: boolean;
  /** Events per HTTP request. @default 100 */
  readonly httpBatch: number;
  readonly apiKey: string | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly help: boolean;
}

export { UsageError };

const flags = {
  target: { type: 'string', default: 'kafka' },
  url: { type: 'string', default: 'http://127.0.0.1:3001' },
  rate: { type: 'string', default: '200' },
  duration: { type: 'string' },
  events: { type: 'string' },
  seed: { type: 'string', default: '42' },
  users: { type: 'string', default: '2000' },
  merchants: { type: 'string', default: '1000' },
  drift: { type: 'string', default: '' },
  'fraud-rate': { type: 'string', default: '0.015' },
  'sim-speed': { type: 'string', default: '3600' },
  start: { type: 'string', default: '2026-01-01T00:00:00Z' },
  'run-id': { type: 'string' },
  'topic-namespace': { type: 'string' },
  'ensure-topics': { type: 'boolean', default: false },
  'http-batch': { type: 'string', default: '100' },
  'api-key': { type: 'string' },
  json: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Reads the flags; `now` names the default run id. Throws {@link UsageError} listing every bad flag. */
export function parseCliArgs(argv: readonly string[], now: Date): CliOptions {
  const values = readFlags(argv);
  const problems: string[] = [];
  const check = new Checker(problems);
  const rate = check.number('--rate', values.rate, (x) => x > 0, 'a positive number of events per second');
  const options: CliOptions = {
    target: check.oneOf('--target', values.target, ['kafka', 'http'] as const),
    url: check.matches('--url', values.url, /^https?:\/\/\S+$/, 'an http(s) URL'),
    rate,
    transactions: runLength(values, rate, check, problems),
    seed: check.matches('--seed', values.seed, /^\S+$/, 'a non-empty seed'),
    users: check.number('--users', values.users, (x) => Number.isInteger(x) && x > 0, 'a positive whole number'),
    merchants: check.number('--merchants', values.merchants, (x) => Number.isInteger(x) && x > 0, 'a positive whole number'),
    drift: check.drift(values.drift),
    fraudRate: check.number('--fraud-rate', values['fraud-rate'], (x) => x >= 0 && x < 0.5, 'a share in [0, 0.5)'),
    simSpeed: check.number('--sim-speed', values['sim-speed'], (x) => x > 0, 'a positive number of simulated seconds per second'),
    startMs: check.date('--start', values.start),
    runId: check.matches('--run-id', values['run-id'] ?? defaultRunId(now), /^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, ".", "_" or "-"'),
    topicNamespace:
      values['topic-namespace'] &&
      check.matches('--topic-namespace', values['topic-namespace'], /^[a-z0-9][a-z0-9_-]{0,99}$/, 'lowercase letters, digits, "_" or "-"'),
    ensureTopics: values['ensure-topics'],
    httpBatch: check.number('--http-batch', values['http-batch'], (x) => Number.isInteger(x) && x > 0, 'a positive whole number'),
    apiKey: values['api-key'],
    json: values.json,
    quiet: values.quiet,
    help: values.help,
  };
  if (problems.length > 0) throw new UsageError(problems);
  return options;
}

type FlagValues = ReturnType<typeof parseArgs<{ options: typeof flags }>>['values'];

function readFlags(argv: readonly string[]): FlagValues {
  try {
    return parseArgs({ args: [...argv], options: flags, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError([error instanceof Error ? error.message : String(error)]);
  }
}

/** Transactions in the run: `--events`, or `--rate` × `--duration`. */
function runLength(values: FlagValues, rate: number, check: Checker, problems: string[]): number {
  if (values.events !== undefined && values.duration !== undefined) problems.push('give --events or --duration, not both');
  if (values.events !== undefined) {
    return check.number('--events', values.events, (x) => Number.isInteger(x) && x > 0, 'a positive whole number of transactions');
  }
  return Math.round(rate * check.number('--duration', values.duration ?? '30', (x) => x > 0, 'a positive number of seconds'));
}

/** `wl-20260101-120000`: the UTC time the run started, readable and sortable. */
export function defaultRunId(now: Date): string {
  return `wl-${now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
}

/** The shared flag checks, and the drift schedule. */
class Checker extends FlagChecker {
  drift(raw: string): DriftSpec[] {
    try {
      return parseDriftSchedule(raw);
    } catch (error) {
      if (!(error instanceof DriftScheduleError)) throw error;
      this.problems.push(`--drift: ${error.message}`);
      return [];
    }
  }
}

export const usage = `Usage: npm run workload -- [options]

Generates card payments (users, merchants, a daily rhythm, fraud bursts, delayed chargeback labels,
scheduled drift) and sends them to Kafka (Avro, registered schemas) or to ingest over HTTP.
The stream depends only on --seed, --run-id and the simulation flags, never on the wall clock.

  --target kafka|http     where events go (default kafka: KAFKA_BROKERS, SCHEMA_REGISTRY_URL from the env)
  --url URL               ingest base URL for --target http (default http://127.0.0.1:3001)
  --rate N                events per second, transactions and labels (default 200)
  --duration S            seconds of traffic at --rate: rate × duration transactions (default 30)
  --events N              transactions instead of --duration; pending labels follow at the end
  --seed S                seed of the simulation (default 42)
  --users N               card holders (default 2000)
  --merchants N           merchants, at least one per category and country (default 1000)
  --fraud-rate X          target share of fraudulent transactions (default 0.015)
  --sim-speed X           simulated seconds per real second at --rate (default 3600: a day in 24 s)
  --start ISO             simulated start (default 2026-01-01T00:00:00Z)
  --drift LIST            e.g. covariate@0.3,new-categories@0.5,concept@0.7 (fractions of the run)
                          or covariate:2.0@20000 (a transaction index); new-categories:0.2@... sets the share
  --run-id ID             prefix of event ids (default wl-<UTC time>)
  --topic-namespace NS    produce to NS.events.transactions and NS.labels.transactions (default: TOPIC_NAMESPACE)
  --ensure-topics         create those topics and register their schemas first (kafka target)
  --http-batch N          events per HTTP request (default 100)
  --api-key KEY           sent as authorization: Bearer KEY
  --json                  print the summary as JSON
  --quiet                 no progress lines on stderr
  -h, --help              this text
`;
