import type { FeatureView } from '@mlops/features';
import { sqlIdentifier, sqlInteger, sqlString } from './sql';

/** A row of `feature_log`: the vector of one view version for one event. */
export interface LoggedVector {
  readonly entity_id: string;
  readonly event_id: string;
  /** (ms since epoch) */
  readonly event_time: number;
  readonly values: readonly (number | null)[];
}

/**
 * The IEEE-754 bits of a value as 16 hex digits (little endian), '' for null. ClickHouse 18.16
 * parses float text inexactly (about 2–5% of doubles come back one ulp off), so values are sent
 * as bits and rebuilt with `reinterpretAsFloat64(unhex(…))`.
 */
export function float64Hex(value: number | null): string {
  if (value === null) return '';
  const buffer = Buffer.alloc(8);
  buffer.writeDoubleLE(value);
  return buffer.toString('hex');
}

/**
 * One INSERT … SELECT of `vectors` into `feature_log` that keeps every value bit for bit: the
 * columns travel as arrays ARRAY JOINed on `system.one`, the values as their bits.
 */
export function featureLogInsert(
  database: string,
  view: FeatureView,
  vectors: readonly LoggedVector[],
  times: { readonly computedAtMs: number; readonly loggedAt: Date },
): string {
  if (vectors.length === 0) throw new Error('no vectors to insert into feature_log');
  const strings = (pick: (v: LoggedVector) => string) => `[${vectors.map((v) => sqlString(pick(v))).join(',')}]`;
  const bits = `[${vectors.map((v) => `[${v.values.map((x) => sqlString(float64Hex(x))).join(',')}]`).join(',')}]`;
  return [
    `INSERT INTO ${sqlIdentifier(database)}.feature_log`,
    '(view, view_version, entity_id, event_id, event_time, event_time_ms, computed_at_ms, feature_values, logged_at)',
    `SELECT ${sqlString(view.name)}, ${sqlInteger(view.version)}, entity_id, event_id, toDateTime(intDiv(event_time_ms, 1000)), event_time_ms,`,
    `${sqlInteger(times.computedAtMs)}, arrayMap(h -> if(h = '', NULL, reinterpretAsFloat64(unhex(h))), bits), toDateTime(${sqlInteger(Math.floor(times.loggedAt.getTime() / 1_000))})`,
    'FROM system.one',
    `ARRAY JOIN ${strings((v) => v.entity_id)} AS entity_id, ${strings((v) => v.event_id)} AS event_id,`,
    `[${vectors.map((v) => `toUInt64(${sqlInteger(v.event_time)})`).join(',')}] AS event_time_ms, ${bits} AS bits`,
  ].join('\n');
}
