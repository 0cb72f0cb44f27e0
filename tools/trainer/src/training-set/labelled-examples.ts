import type { Label } from '../model/metrics';

/** One labelled transaction with its point-in-time feature vector. */
export interface LabelledExample {
  readonly entityId: string;
  readonly eventId: string;
  /** Event time (ms since epoch). */
  readonly timestamp: number;
  /** 1 = fraud. */
  readonly label: Label;
  /** In the order of the feature names given to {@link parseLabelledExamples}; null = missing. */
  readonly values: readonly (number | null)[];
}

/** A training set file that cannot be read; lists the first problems found. */
export class TrainingSetFileError extends Error {
  override readonly name = 'TrainingSetFileError';
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`training set ${path} cannot be used:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const MAX_PROBLEMS = 20;
const POSITIVE = new Set(['1', 'true']);
const NEGATIVE = new Set(['0', 'false']);

/**
 * Reads the NDJSON of `features:offline training-set --format ndjson`: one object per line with
 * entity_id, timestamp (ms), event_id, label ("1"/"0" or "true"/"false") and features by name.
 * Every named feature must be present (a number or null). `path` only names the file in errors.
 */
export function parseLabelledExamples(text: string, featureNames: readonly string[], path: string): LabelledExample[] {
  const examples: LabelledExample[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const example = parseLine(line, featureNames, (problem) => problems.push(`line ${i + 1}: ${problem}`));
    if (example) examples.push(example);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`… and ${problems.length - MAX_PROBLEMS} more`);
    throw new TrainingSetFileError(path, shown);
  }
  return examples;
}

function parseLine(line: string, featureNames: readonly string[], problem: (text: string) => void): LabelledExample | undefined {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (error) {
    problem(`not JSON (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
  if (typeof row !== 'object' || row === null) {
    problem('not a JSON object');
    return undefined;
  }
  const { entity_id: entityId, event_id: eventId, timestamp, label, features } = row as Record<string, unknown>;
  let ok = true;
  const fail = (text: string) => {
    ok = false;
    problem(text);
  };
  if (typeof entityId !== 'string' || entityId === '') fail('entity_id is not a non-empty string');
  if (typeof eventId !== 'string' || eventId === '') fail('event_id is not a non-empty string (rows must come from --from-labels)');
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp))
    fail(`timestamp ${JSON.stringify(timestamp)} is not ms since epoch`);
  const text = typeof label === 'string' ? label.trim().toLowerCase() : typeof label === 'number' ? String(label) : undefined;
  if (text === undefined || (!POSITIVE.has(text) && !NEGATIVE.has(text))) fail(`label ${JSON.stringify(label)} is not 0/1 or false/true`);
  const values = featureValues(features, featureNames, fail);
  if (!ok || !values) return undefined;
  return {
    entityId: entityId as string,
    eventId: eventId as string,
    timestamp: timestamp as number,
    label: POSITIVE.has(text as string) ? 1 : 0,
    values,
  };
}

function featureValues(features: unknown, names: readonly string[], fail: (text: string) => void): (number | null)[] | undefined {
  if (typeof features !== 'object' || features === null) {
    fail('features is not an object');
    return undefined;
  }
  const byName = features as Record<string, unknown>;
  const absent = names.filter((name) => !(name in byName));
  if (absent.length > 0) fail(`features lack ${absent.join(', ')}`);
  const invalid = names.filter((name) => name in byName && byName[name] !== null && !Number.isFinite(byName[name]));
  if (invalid.length > 0) fail(`features ${invalid.join(', ')} are neither numbers nor null`);
  if (absent.length > 0 || invalid.length > 0) return undefined;
  return names.map((name) => byName[name] as number | null);
}
