import { types, type Type } from 'avsc';

/** One reason an event was refused: where (`path`, e.g. `amount` or `items[2].sku`) and why. */
export interface FieldError {
  readonly path: string;
  reason: string;
}

export interface ValidationResult {
  /** The event as it will be encoded: defaults filled in, ISO timestamps turned into epoch ms. */
  readonly value: Record<string, unknown>;
  readonly errors: readonly FieldError[];
}

/**
 * Checks a JSON value against an Avro record type and lists every problem, not only the first.
 * Top-level fields with logicalType timestamp-millis also accept an ISO-8601 string.
 */
export function validateEvent(type: Type, timestampFields: ReadonlySet<string>, input: unknown): ValidationResult {
  const errors: FieldError[] = [];
  if (!isPlainObject(input)) {
    errors.push({ path: '', reason: `expected a JSON object, got ${describe(input)}` });
    return { value: {}, errors };
  }
  const value: Record<string, unknown> = { ...input };
  for (const field of timestampFields) {
    const raw = value[field];
    if (typeof raw === 'string') {
      const ms = Date.parse(raw);
      if (Number.isNaN(ms)) errors.push({ path: field, reason: `expected epoch milliseconds or an ISO-8601 time, got ${describe(raw)}` });
      else value[field] = ms;
    }
  }
  checkValue(type, value, '', errors);
  for (const error of errors) {
    if (timestampFields.has(error.path) && error.reason.startsWith('required field missing')) {
      error.reason = 'required field missing (epoch milliseconds or an ISO-8601 time)';
    }
  }
  return { value, errors: errors.filter((e, i) => errors.findIndex((o) => o.path === e.path) === i) };
}

function checkValue(type: Type, value: unknown, path: string, errors: FieldError[]): void {
  if (type instanceof types.RecordType) return checkRecord(type, value, path, errors);
  if (type instanceof types.ArrayType) {
    if (!Array.isArray(value)) return void errors.push({ path, reason: `expected an array, got ${describe(value)}` });
    value.forEach((item, i) => checkValue(type.itemsType, item, `${path}[${i}]`, errors));
    return;
  }
  if (type instanceof types.MapType) {
    if (!isPlainObject(value)) return void errors.push({ path, reason: `expected an object, got ${describe(value)}` });
    for (const [key, item] of Object.entries(value)) checkValue(type.valuesType as Type, item, join(path, key), errors);
    return;
  }
  if (type.isValid(value)) return;
  errors.push({ path, reason: `expected ${expectation(type)}, got ${describe(value)}` });
}

function checkRecord(type: types.RecordType, value: unknown, path: string, errors: FieldError[]): void {
  if (!isPlainObject(value)) return void errors.push({ path, reason: `expected an object, got ${describe(value)}` });
  const declared = new Set(type.fields.map((f) => f.name));
  for (const key of Object.keys(value)) {
    if (!declared.has(key)) errors.push({ path: join(path, key), reason: 'unknown field' });
  }
  for (const field of type.fields) {
    const fieldPath = join(path, field.name);
    if (value[field.name] === undefined) {
      const fallback: unknown = field.defaultValue();
      if (fallback === undefined) errors.push({ path: fieldPath, reason: `required field missing (${expectation(field.type)})` });
      else value[field.name] = fallback;
      continue;
    }
    checkValue(field.type, value[field.name], fieldPath, errors);
  }
}

/** What a type accepts, in words a client developer reads without knowing Avro. */
function expectation(type: Type): string {
  if (type instanceof types.EnumType) return `one of ${type.symbols.map((s) => `"${s}"`).join(', ')}`;
  if (type instanceof types.UnwrappedUnionType || type instanceof types.WrappedUnionType) return type.types.map(expectation).join(' or ');
  switch (type.typeName) {
    case 'int':
      return 'a 32-bit integer';
    case 'long':
      return 'an integer';
    case 'float':
    case 'double':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    default:
      return type.typeName;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
