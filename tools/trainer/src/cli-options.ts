import { FlagChecker, UsageError } from '@mlops/config';
import { parseArgs } from 'node:util';
import { findView, type FeatureView } from '@mlops/features';
import { isModelName } from '@mlops/model-registry';
import type { TrainingOptions } from './model/training-run';
import { PROMOTION_ALIASES, type PromotionAlias } from './registry/registry-client';

export interface TrainerOptions {
  /** The view whose outputs are the model's inputs, in its `outputNames` order. @default user_transactions v1 */
  readonly view: FeatureView;
  /** Overrides CLICKHOUSE_DATABASE. */
  readonly database: string | undefined;
  /** Overrides TOPIC_NAMESPACE. */
  readonly namespace: string | undefined;
  /** Registry name of the model. @default card_fraud */
  readonly model: string;
  /** Directory for model.onnx and card.json. @default .run/models/train-<UTC time> */
  readonly out: string;
  readonly training: TrainingOptions;
  /** @default fraud-team */
  readonly owner: string;
  readonly tags: readonly string[];
  /** '' = written from the run. */
  readonly description: string;
  /** Registry base URL; the model is only registered when given. */
  readonly register: string | undefined;
  readonly promote: PromotionAlias | undefined;
  /** Share of entities (0–1) a promoted challenger serves. */
  readonly traffic: number | undefined;
  /** Print the summary as JSON. */
  readonly json: boolean;
}

export type CliOptions = TrainerOptions | { readonly help: true };

export { UsageError };

const flags = {
  view: { type: 'string', default: 'user_transactions' },
  version: { type: 'string', default: '1' },
  database: { type: 'string' },
  namespace: { type: 'string' },
  model: { type: 'string', default: 'card_fraud' },
  out: { type: 'string' },
  holdout: { type: 'string', default: '0.2' },
  l2: { type: 'string', default: '0.01' },
  iterations: { type: 'string', default: '100' },
  tolerance: { type: 'string', default: '1e-7' },
  'positive-weight': { type: 'string', default: '1' },
  threshold: { type: 'string', default: '0.5' },
  'min-rows': { type: 'string', default: '20' },
  owner: { type: 'string', default: 'fraud-team' },
  tag: { type: 'string', multiple: true },
  description: { type: 'string', default: '' },
  register: { type: 'string' },
  promote: { type: 'string' },
  traffic: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof flags }>>['values'];

/** Reads the flags; `now` names the default output directory. Throws {@link UsageError} listing every bad flag. */
export function parseCliArgs(argv: readonly string[], now: Date): CliOptions {
  const values = readFlags(argv);
  if (values.help) return { help: true };
  const problems: string[] = [];
  const check = new FlagChecker(problems);
  const options: TrainerOptions = {
    view: resolveView(values.view, values.version, problems),
    database: values.database && check.matches('--database', values.database, /^[A-Za-z_][A-Za-z0-9_]*$/, 'a plain identifier'),
    namespace:
      values.namespace && check.matches('--namespace', values.namespace, /^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "_" or "-"'),
    model: check.valid('--model', values.model, isModelName, 'lowercase letters, digits, "_" or "-", starting with a letter'),
    out: values.out ?? defaultOutDir(now),
    training: trainingOptions(values, check),
    owner: check.matches('--owner', values.owner, /\S/, 'a non-empty owner'),
    tags: (values.tag ?? []).map((tag) => check.matches('--tag', tag, /^\S+$/, 'a tag without spaces')),
    description: values.description,
    register: values.register && check.matches('--register', values.register, /^https?:\/\/\S+$/, 'an http(s) URL'),
    promote: values.promote === undefined ? undefined : check.oneOf('--promote', values.promote, PROMOTION_ALIASES),
    traffic:
      values.traffic === undefined ? undefined : check.number('--traffic', values.traffic, (x) => x >= 0 && x <= 1, 'a share in [0, 1]'),
    json: values.json,
  };
  if (options.promote !== undefined && options.register === undefined) problems.push('--promote needs --register');
  if (options.traffic !== undefined && options.promote === undefined) problems.push('--traffic needs --promote');
  if (problems.length > 0) throw new UsageError(problems);
  return options;
}

function trainingOptions(values: Values, check: FlagChecker): TrainingOptions {
  const weight = values['positive-weight'];
  const threshold = values.threshold;
  return {
    holdoutFraction: check.number('--holdout', values.holdout, (x) => x > 0 && x < 1, 'a share in (0, 1)'),
    minRows: check.number('--min-rows', values['min-rows'], (x) => Number.isInteger(x) && x >= 2, 'a whole number ≥ 2'),
    l2: check.number('--l2', values.l2, (x) => x >= 0, 'a number ≥ 0'),
    maxIterations: check.number('--iterations', values.iterations, (x) => Number.isInteger(x) && x >= 1, 'a whole number ≥ 1'),
    tolerance: check.number('--tolerance', values.tolerance, (x) => x > 0, 'a positive number'),
    positiveWeight:
      weight === 'balanced' ? weight : check.number('--positive-weight', weight, (x) => x > 0, 'a positive number or "balanced"'),
    threshold:
      threshold === 'best-f1'
        ? threshold
        : check.number('--threshold', threshold, (x) => x >= 0 && x <= 1, 'a number in [0, 1] or "best-f1"'),
  };
}

function readFlags(argv: readonly string[]): Values {
  try {
    return parseArgs({ args: [...argv], options: flags, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError([error instanceof Error ? error.message : String(error)]);
  }
}

function resolveView(name: string, version: string, problems: string[]): FeatureView {
  const number = Number(version);
  const view = Number.isInteger(number) && number >= 1 ? findView(name, number) : undefined;
  if (!view) problems.push(`--view ${name} --version ${version}: no such feature view`);
  return view ?? (findView('user_transactions', 1) as FeatureView);
}

/** `.run/models/train-20260101-120000`: the UTC time of the run, readable and sortable. */
export function defaultOutDir(now: Date): string {
  return `.run/models/train-${now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;
}

export const usage = `Usage: npm run train -- [options]

Trains the card-payments fraud model: a point-in-time correct training set from ClickHouse (one row
per labelled transaction, its own streamed feature vector, built by \`features:offline training-set
--from-labels\`), split by time (oldest rows train, newest holdout), L2-regularised logistic
regression on standardized features (Newton/IRLS, deterministic), exported to ONNX and checked
against the JS model on the holdout. Writes <out>/model.onnx and <out>/card.json; optionally
registers and promotes the version.

Data:
  --view NAME              feature view whose outputs are the inputs (default user_transactions)
  --version N              its version (default 1)
  --database DB            ClickHouse database (default CLICKHOUSE_DATABASE, else mlops)
  --namespace NS           topic namespace of the archived events (default TOPIC_NAMESPACE, else none)
  --min-rows N             refuse fewer labelled rows (default 20)

Training:
  --holdout X              share of the newest rows held out (default 0.2)
  --l2 X                   L2 penalty on the weights, per mean log loss (default 0.01)
  --iterations N           Newton steps at most (default 100)
  --tolerance X            stop when every gradient component is below X (default 1e-7)
  --positive-weight X      weight of a fraud row, or "balanced" = negatives/positives of the
                           training split (default 1: scores are probabilities)
  --threshold X            score at or above which a row is called fraud (default 0.5), or
                           "best-f1": the threshold maximizing F1 on the training split

Card and output:
  --model NAME             registry name (default card_fraud)
  --out DIR                output directory (default .run/models/train-<UTC time>)
  --owner NAME             card owner (default fraud-team)
  --tag TAG                a card tag (repeatable)
  --description TEXT       card description (default: written from the run)

Registry:
  --register URL           POST the card and artifact to URL/v1/models/<model>/versions
  --promote ALIAS          then make that version champion, challenger or shadow
  --traffic X              share of entities (0–1) the promoted version serves

  --json                   print the summary as JSON
  -h, --help               this text

Exit codes: 0 trained (and registered), 1 refused or failed (the reason on stderr), 2 bad flags.
Environment: CLICKHOUSE_URL (required), CLICKHOUSE_DATABASE, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD,
TOPIC_NAMESPACE; passed on to the offline tool.
`;
