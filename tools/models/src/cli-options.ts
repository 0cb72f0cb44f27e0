import { UsageError } from '@mlops/config';
import { parseArgs } from 'node:util';

/** The places a registered version can be served from. */
export const ALIASES = ['champion', 'challenger', 'shadow'] as const;
export type Alias = (typeof ALIASES)[number];
/** The aliases that can be cleared: a model always keeps its champion. */
export const DEMOTABLE = ['challenger', 'shadow'] as const;
export type DemotableAlias = (typeof DEMOTABLE)[number];

interface Common {
  /** Overrides MODEL_REGISTRY_URL. */
  readonly registry: string | undefined;
  /** Print the registry's answer as JSON instead of a table. */
  readonly json: boolean;
}

export interface ListOptions extends Common {
  readonly command: 'list';
}

export interface ShowOptions extends Common {
  readonly command: 'show';
  readonly model: string;
  /** One version's card; undefined = the model's versions and aliases. */
  readonly version: string | undefined;
}

export interface RegisterOptions extends Common {
  readonly command: 'register';
  readonly model: string;
  /** Path of the ONNX file. */
  readonly artifact: string;
  /** Path of the card (JSON). */
  readonly card: string;
}

export interface PromoteOptions extends Common {
  readonly command: 'promote';
  readonly model: string;
  readonly version: string;
  readonly alias: Alias;
  /** Share of entities (0–1) a challenger serves. */
  readonly traffic: number | undefined;
  readonly reason: string | undefined;
}

export interface DemoteOptions extends Common {
  readonly command: 'demote';
  readonly model: string;
  readonly alias: DemotableAlias;
}

export interface RollbackOptions extends Common {
  readonly command: 'rollback';
  readonly model: string;
  /** @default champion */
  readonly alias: Alias;
  readonly reason: string | undefined;
}

export type CommandOptions = ListOptions | ShowOptions | RegisterOptions | PromoteOptions | DemoteOptions | RollbackOptions;
export type CliOptions = CommandOptions | { readonly command: 'help' };
export type Command = CommandOptions['command'];

export { UsageError };

const flags = {
  registry: { type: 'string' },
  json: { type: 'boolean', default: false },
  artifact: { type: 'string' },
  card: { type: 'string' },
  alias: { type: 'string' },
  traffic: { type: 'string' },
  reason: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Flag = keyof typeof flags;
type Values = ReturnType<typeof parseArgs<{ options: typeof flags; allowPositionals: true }>>['values'];

/** Per command: its positional arguments (optional ones end in `?`) and its own flags. */
const commands: Record<Command, { readonly args: readonly string[]; readonly flags: readonly Flag[] }> = {
  list: { args: [], flags: [] },
  show: { args: ['<model>', '<version>?'], flags: [] },
  register: { args: ['<model>'], flags: ['artifact', 'card'] },
  promote: { args: ['<model>', '<version>'], flags: ['alias', 'traffic', 'reason'] },
  demote: { args: ['<model>'], flags: ['alias'] },
  rollback: { args: ['<model>'], flags: ['alias', 'reason'] },
};
const commonFlags: readonly Flag[] = ['registry', 'json', 'help'];
const COMMANDS = Object.keys(commands) as Command[];

/** Reads the command, its arguments and flags; throws {@link UsageError} listing every problem. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: flags, strict: true, allowPositionals: true });
  } catch (error) {
    // node:util's errors come from the host realm when run under jest: read the message by shape, not by class.
    const message = (error as { message?: unknown } | null)?.message;
    throw new UsageError([typeof message === 'string' ? message : String(error)]);
  }
  const { values, positionals } = parsed;
  const [name, ...args] = positionals;
  if (values.help || name === undefined || name === 'help') return { command: 'help' };
  const command = COMMANDS.find((c) => c === name);
  if (command === undefined) throw new UsageError([`unknown command "${name}": expected ${COMMANDS.join(', ')}`]);
  const problems: string[] = [];
  checkArity(command, args, problems);
  const given = (Object.keys(values) as Flag[]).filter((flag) => values[flag] !== undefined && values[flag] !== false);
  const misplaced = given.filter((flag) => !commonFlags.includes(flag) && !commands[command].flags.includes(flag));
  if (misplaced.length > 0) problems.push(`${misplaced.map((f) => `--${f}`).join(', ')} not used by ${command}`);
  const common: Common = { registry: registryFlag(values.registry, problems), json: values.json };
  const options = commandOptions(command, args, values, common, problems);
  if (problems.length > 0) throw new UsageError(problems);
  return options;
}

function checkArity(command: Command, args: readonly string[], problems: string[]): void {
  const expected = commands[command].args;
  const required = expected.filter((a) => !a.endsWith('?'));
  const synopsis = [command, ...expected.map((a) => (a.endsWith('?') ? `[${a.slice(0, -1)}]` : a))].join(' ');
  if (args.length < required.length) problems.push(`missing ${required.slice(args.length).join(' ')}: expected ${synopsis}`);
  if (args.length > expected.length) problems.push(`unexpected arguments ${args.slice(expected.length).join(' ')}: expected ${synopsis}`);
}

function commandOptions(command: Command, args: readonly string[], values: Values, common: Common, problems: string[]): CommandOptions {
  const model = args[0] ?? '';
  if (command === 'list') return { ...common, command };
  if (command === 'show') return { ...common, command, model, version: args[1] === undefined ? undefined : version(args[1], problems) };
  if (command === 'register') {
    return {
      ...common,
      command,
      model,
      artifact: required('--artifact', values.artifact, problems),
      card: required('--card', values.card, problems),
    };
  }
  if (command === 'promote') {
    const promoted = version(args[1] ?? '', problems);
    const alias = oneOf('--alias', values.alias, ALIASES, problems);
    const traffic = share(values.traffic, problems);
    if (traffic !== undefined && values.alias !== 'challenger' && ALIASES.some((a) => a === values.alias))
      problems.push(`--traffic applies to --alias challenger only, not to ${values.alias}`);
    return { ...common, command, model, version: promoted, alias, traffic, reason: reason(values.reason, problems) };
  }
  if (command === 'demote') {
    if (values.alias === 'champion') {
      problems.push('--alias champion: the champion cannot be demoted; promote another version or roll back');
      return { ...common, command, model, alias: 'challenger' };
    }
    return { ...common, command, model, alias: oneOf('--alias', values.alias, DEMOTABLE, problems) };
  }
  const alias = values.alias === undefined ? 'champion' : oneOf('--alias', values.alias, ALIASES, problems);
  return { ...common, command, model, alias, reason: reason(values.reason, problems) };
}

function registryFlag(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (!/^https?:\/\/\S+$/.test(value)) problems.push(`--registry ${JSON.stringify(value)}: expected an http(s) URL`);
  return value.replace(/\/+$/, '');
}

function version(value: string, problems: string[]): string {
  if (value !== '' && !/^\d+$/.test(value)) problems.push(`version ${JSON.stringify(value)}: expected a version number, e.g. 3`);
  return value;
}

function required(flag: string, value: string | undefined, problems: string[]): string {
  if (value === undefined || value === '') problems.push(`${flag} FILE is required`);
  return value ?? '';
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], problems: string[]): T {
  const found = allowed.find((a) => a === value);
  if (value === undefined) problems.push(`${flag} is required: one of ${allowed.join(', ')}`);
  else if (found === undefined) problems.push(`${flag} ${JSON.stringify(value)}: expected one of ${allowed.join(', ')}`);
  return found ?? (allowed[0] as T);
}

function share(value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (!(number >= 0 && number <= 1)) problems.push(`--traffic ${JSON.stringify(value)}: expected a share between 0 and 1, e.g. 0.1`);
  return number;
}

function reason(value: string | undefined, problems: string[]): string | undefined {
  if (value !== undefined && value.trim() === '') problems.push('--reason: expected some text');
  return value;
}

export const usage = `Usage: npm run models -- <command> [arguments] [options]

The model registry over its HTTP API (served by stream-inference): list and show models, register
versions, move the champion, challenger and shadow aliases, roll back. Every change is published on
models.lifecycle; serving instances follow it.

Commands:
  list                                  every model: versions, champion, challenger (traffic), shadow
  show <model> [<version>]              a model's versions and aliases, or one version's card (JSON)
  register <model> --artifact FILE --card FILE
                                        a new version from an ONNX file and its card (JSON); the
                                        registry checks the card, the signature and the golden examples
  promote <model> <version> --alias champion|challenger|shadow [--traffic X] [--reason TEXT]
                                        point an alias at a version; --traffic: share of entities
                                        (0–1) the challenger serves
  demote <model> --alias challenger|shadow
                                        clear the challenger or the shadow
  rollback <model> [--alias ALIAS] [--reason TEXT]
                                        the alias (default champion) goes back to its previous version

Every command:
  --registry URL           registry base URL (default MODEL_REGISTRY_URL, else http://127.0.0.1:3004)
  --json                   print the registry's answer as JSON
  -h, --help               this text

Exit codes: 0 done, 1 the registry refused (its message on stderr), 2 bad arguments, unreadable
files or registry unreachable.
Environment: MODEL_REGISTRY_URL.
`;
