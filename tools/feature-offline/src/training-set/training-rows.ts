import { parseCsv } from './csv';

/** A row of a training set: an entity as of a time, optionally the event it is for and its label. */
export interface TrainingRow {
  readonly entity_id: string;
  /** (ms since epoch) */
  readonly timestamp: number;
  /** When set, the row is this event's own vector, as the stream computed it. */
  readonly event_id?: string;
  readonly label?: string;
}

/** A rows file that cannot be read; lists every problem found. */
export class RowsFileError extends Error {
  override readonly name = 'RowsFileError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid rows file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const COLUMNS = ['entity_id', 'timestamp', 'event_id', 'label'] as const;
const MAX_PROBLEMS = 20;

/** `1767225600000` or an ISO 8601 time with its zone, e.g. `2026-01-01T00:00:00Z` → ms. */
export function parseTimestamp(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
  if (!/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Reads training rows from CSV with a header: `entity_id` and `timestamp` (ms or ISO 8601 with
 * a zone) required, `event_id` and `label` optional, in any order. Empty event_id/label cells
 * leave them unset.
 */
export function parseTrainingRows(text: string): TrainingRow[] {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new RowsFileError(['the file is empty: expected a header with entity_id,timestamp']);
  const problems: string[] = [];
  const unknown = header.filter((c) => !(COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) problems.push(`unknown columns ${unknown.join(', ')}: expected ${COLUMNS.join(', ')}`);
  for (const required of ['entity_id', 'timestamp']) if (!header.includes(required)) problems.push(`missing column ${required}`);
  if (problems.length > 0) throw new RowsFileError(problems);
  const index = (column: string) => header.indexOf(column);
  const rows: TrainingRow[] = [];
  records.forEach((record, i) => {
    const line = i + 2;
    const cell = (column: string): string | undefined => (index(column) < 0 ? undefined : record[index(column)]);
    if (record.length !== header.length) {
      problems.push(`line ${line}: ${record.length} fields, the header has ${header.length}`);
      return;
    }
    const entity = cell('entity_id') ?? '';
    const timestamp = parseTimestamp(cell('timestamp') ?? '');
    if (entity === '') problems.push(`line ${line}: empty entity_id`);
    if (timestamp === undefined)
      problems.push(`line ${line}: timestamp ${JSON.stringify(cell('timestamp'))} is not ms or ISO 8601 with a zone`);
    const eventId = cell('event_id');
    const label = cell('label');
    rows.push({
      entity_id: entity,
      timestamp: timestamp ?? Number.NaN,
      ...(eventId ? { event_id: eventId } : {}),
      ...(label ? { label } : {}),
    });
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`… and ${problems.length - MAX_PROBLEMS} more`);
    throw new RowsFileError(shown);
  }
  return rows;
}
