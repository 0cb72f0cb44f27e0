import type { AliasState, ModelCard, ModelSummary } from '@mlops/model-registry';
import { describeError } from '@mlops/util';
import type { RegistryRefusalError, RegistryUnreachableError } from './registry.client';

const NONE = '-';

/** Columns padded to their widest cell, two spaces apart; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n') + '\n';
}

/** `0.1` → `10%`, `0.125` → `12.5%`. */
export const percent = (share: number): string => `${Number((share * 100).toFixed(2))}%`;

/** Versions as ranges: `1, 2, 3, 5` → `1-3, 5`. */
export function versionRanges(versions: readonly string[]): string {
  const numbers = versions.map(Number).sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let end = i;
    while (end + 1 < numbers.length && numbers[end + 1] === (numbers[end] as number) + 1) end += 1;
    ranges.push(end === i ? String(numbers[i]) : `${numbers[i]}-${numbers[end]}`);
    i = end + 1;
  }
  return ranges.length === 0 ? NONE : ranges.join(', ');
}

/** `3 (10%)`: the challenger with its canary share. */
const challengerCell = (state: AliasState): string =>
  state.challenger === null ? NONE : `${state.challenger} (${percent(state.challengerTraffic)})`;

/** One line per model: its versions and what each alias serves. */
export function formatModelList(models: readonly ModelSummary[]): string {
  if (models.length === 0) return 'no models registered\n';
  return table([
    ['MODEL', 'VERSIONS', 'CHAMPION', 'CHALLENGER', 'SHADOW'],
    ...models.map((m) => [
      m.name,
      versionRanges(m.versions),
      m.aliases.champion ?? NONE,
      challengerCell(m.aliases),
      m.aliases.shadow ?? NONE,
    ]),
  ]);
}

/** A model's versions, then each alias: its version, the share of entities it serves and the version a rollback returns to. */
export function formatSummary(summary: ModelSummary): string {
  const state = summary.aliases;
  const challengerShare = state.challenger === null ? 0 : state.challengerTraffic;
  const served = {
    champion: state.champion === null ? NONE : percent(1 - challengerShare),
    challenger: state.challenger === null ? NONE : percent(challengerShare),
    shadow: state.shadow === null ? NONE : 'scores all, serves none',
  };
  const rows = (['champion', 'challenger', 'shadow'] as const).map((alias) => [
    alias,
    state[alias] ?? NONE,
    served[alias],
    state.previous[alias].at(-1) ?? NONE,
  ]);
  return `${summary.name}: versions ${versionRanges(summary.versions)}\n\n${table([['ALIAS', 'VERSION', 'SERVES', 'ROLLS BACK TO'], ...rows])}`;
}

/** The one-line alias state after a change. */
export const formatAliasState = (model: string, state: AliasState): string =>
  `${model}: champion ${state.champion ?? NONE}, challenger ${challengerCell(state)}, shadow ${state.shadow ?? NONE}\n`;

export const formatRegistered = (card: ModelCard): string =>
  `registered ${card.name} version ${card.version} (${card.artifact.bytes} bytes, sha256 ${card.artifact.sha256})\n`;

export const formatJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * What the registry said when it refused: its `message`, then each of its `problems` (strings, or
 * `{ path, reason }` for a malformed request). A body without a message is shown as it came.
 */
export function refusalLines(error: RegistryRefusalError): string[] {
  const answer = parseObject(error.body);
  const message = answer?.['message'];
  if (typeof message !== 'string') {
    const body = error.body.trim() === '' ? '(empty body)' : error.body.trim().slice(0, 500);
    return [`error: ${error.method} ${error.url} answered ${error.status}: ${body}`];
  }
  const code = typeof answer?.['error'] === 'string' ? ` ${answer['error']}` : '';
  const problems = Array.isArray(answer?.['problems']) ? (answer['problems'] as unknown[]) : [];
  return [`error: registry refused (${error.status}${code}): ${message}`, ...problems.map((p) => `  - ${describeProblem(p)}`)];
}

export const unreachableLines = (error: RegistryUnreachableError): string[] => [
  `error: ${describeError(error)}`,
  '  is stream-inference running there? Set MODEL_REGISTRY_URL or --registry to its address.',
];

function describeProblem(problem: unknown): string {
  if (typeof problem === 'string') return problem;
  const { path, reason } = (problem ?? {}) as { path?: unknown; reason?: unknown };
  if (typeof path === 'string' && typeof reason === 'string') return `${path === '' ? 'body' : path}: ${reason}`;
  return JSON.stringify(problem);
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    // Not JSON (a proxy's error page, say): the caller shows the raw body.
    return undefined;
  }
}
