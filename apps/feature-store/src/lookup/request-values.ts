import type { FieldProblem } from './lookup.errors';

/** A value as a client developer reads it in an error: its type and a short excerpt. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  // Functions, symbols and bigints do not come out of JSON bodies or query strings.
  const text = JSON.stringify(value) ?? typeof value;
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Adds an `unknown field` problem for each key of `body` not in `allowed`. */
export function checkFields(body: Readonly<Record<string, unknown>>, allowed: readonly string[], problems: FieldProblem[]): void {
  for (const key of Object.keys(body))
    if (!allowed.includes(key)) problems.push({ path: key, reason: `unknown field; expected ${allowed.join(', ')}` });
}

/** The strings of an array field, each non-empty; problems name the failing item. Undefined when not an array. */
export function stringItems(value: unknown, path: string, what: string, problems: FieldProblem[]): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.push({ path, reason: `expected an array of ${what}, got ${describeValue(value)}` });
    return undefined;
  }
  if (value.length === 0) {
    problems.push({ path, reason: `expected at least one of ${what}` });
    return undefined;
  }
  const items: string[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'string') problems.push({ path: `${path}[${i}]`, reason: `expected a string, got ${describeValue(item)}` });
    else if (item.length === 0) problems.push({ path: `${path}[${i}]`, reason: 'expected a non-empty string' });
    else items.push(item);
  });
  return items.length === value.length ? items : undefined;
}

/** Adds a problem for each name given twice. */
export function checkUnique(names: readonly string[], path: string, problems: FieldProblem[]): void {
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, i);
    else problems.push({ path: `${path}[${i}]`, reason: `"${name}" is already ${path}[${earlier}]` });
  });
}

const VERSION_TEXT = /^[1-9][0-9]{0,8}$/;

/**
 * A view version: a whole number ≥ 1. JSON bodies give it as a number; query strings (`text`)
 * as digits.
 */
export function parseVersion(value: unknown, path: string, text: boolean, problems: FieldProblem[]): number | undefined {
  if (value === undefined) return undefined;
  if (!text && typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return value;
  if (text && typeof value === 'string' && VERSION_TEXT.test(value)) return Number(value);
  problems.push({ path, reason: `expected a whole number ≥ 1, got ${describeValue(value)}` });
  return undefined;
}
