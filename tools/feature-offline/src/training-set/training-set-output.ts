import type { FeatureView } from '@mlops/features';
import { csvField } from './csv';
import type { TrainingExample } from './training-set';

export type OutputFormat = 'csv' | 'ndjson';

const optionalColumns = (examples: readonly TrainingExample[]) => ({
  eventId: examples.some((e) => e.event_id !== undefined),
  label: examples.some((e) => e.label !== undefined),
});

/**
 * CSV with a header: entity_id, timestamp (ms), event_id and label when any row has them, then
 * one column per output name. Missing values are empty; numbers keep every bit (shortest text
 * that reads back to the same double).
 */
export function* trainingSetCsv(view: FeatureView, examples: readonly TrainingExample[]): Generator<string> {
  const optional = optionalColumns(examples);
  const header = [
    'entity_id',
    'timestamp',
    ...(optional.eventId ? ['event_id'] : []),
    ...(optional.label ? ['label'] : []),
    ...view.outputNames,
  ];
  yield `${header.map(csvField).join(',')}\n`;
  for (const e of examples) {
    const cells = [
      e.entity_id,
      String(e.timestamp),
      ...(optional.eventId ? [e.event_id ?? ''] : []),
      ...(optional.label ? [e.label ?? ''] : []),
      ...e.values.map((v) => (v === null ? '' : String(v))),
    ];
    yield `${cells.map(csvField).join(',')}\n`;
  }
}

/** One JSON object per line: entity_id, timestamp, event_id/label when set, and features by name. */
export function* trainingSetNdjson(view: FeatureView, examples: readonly TrainingExample[]): Generator<string> {
  for (const e of examples) {
    const features = Object.fromEntries(view.outputNames.map((name, i) => [name, e.values[i] ?? null]));
    yield `${JSON.stringify({
      entity_id: e.entity_id,
      timestamp: e.timestamp,
      ...(e.event_id === undefined ? {} : { event_id: e.event_id }),
      ...(e.label === undefined ? {} : { label: e.label }),
      features,
    })}\n`;
  }
}
