/**
 * SQL text for ClickHouse 18.16, which has no query parameters: every value that goes into a
 * query passes through one of these.
 */

/** A string literal: backslashes and single quotes doubled. */
export const sqlString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A database, table or column name, refused unless it is a plain identifier (no quoting games). */
export function sqlIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain identifier`);
  return name;
}

/** A whole number (ms, offsets, versions), refused unless it is a safe non-negative integer. */
export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${value} is not a whole number ≥ 0`);
  return String(value);
}
