import type { Prediction } from '@mlops/contracts';
import { MAX_DATETIME_MS, predictionLogRow, predictionProblems } from './prediction-log-rows';

const prediction = (overrides: Partial<Prediction> = {}): Prediction => ({
  event_id: 'tx-1',
  entity_id: 'u1',
  model_name: 'card_fraud',
  model_version: '3',
  variant: 'champion',
  score: 0.125,
  event_time: 1_767_225_601_999,
  predicted_at: 1_767_225_602_040,
  latency_ms: 1.75,
  source: 'stream',
  features: [1.5, null, 0.1 + 0.2],
  ...overrides,
});

describe(predictionLogRow.name, () => {
  it('maps a prediction onto every predictions column, with second-precision DateTime text and exact ms', () => {
    expect(predictionLogRow(prediction(), 1_767_225_605_500)).toEqual({
      model_name: 'card_fraud',
      model_version: '3',
      variant: 'champion',
      source: 'stream',
      event_id: 'tx-1',
      entity_id: 'u1',
      score: 0.125,
      features: [1.5, null, 0.30000000000000004],
      event_time: '2026-01-01 00:00:01',
      event_time_ms: 1_767_225_601_999,
      predicted_at: '2026-01-01 00:00:02',
      predicted_at_ms: 1_767_225_602_040,
      latency_ms: 1.75,
      logged_at: '2026-01-01 00:00:05',
    });
  });

  it('keeps the variant and source of shadow and request predictions', () => {
    const row = predictionLogRow(prediction({ variant: 'shadow', source: 'request', features: [] }), 0);
    expect([row.variant, row.source, row.features, row.logged_at]).toEqual(['shadow', 'request', [], '1970-01-01 00:00:00']);
  });
});

describe(predictionProblems.name, () => {
  it('finds nothing wrong with a complete prediction, including null features and a zero latency', () => {
    expect(predictionProblems(prediction({ latency_ms: 0, features: [null, null] }))).toEqual([]);
  });

  it('reports blank ids, which the log folds replays on', () => {
    expect(predictionProblems(prediction({ event_id: '', entity_id: ' ', model_name: '', model_version: '' }))).toEqual([
      'event_id is blank',
      'entity_id is blank',
      'model_name is blank',
      'model_version is blank',
    ]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('reports a score of %p', (score) => {
    expect(predictionProblems(prediction({ score }))).toEqual([`score ${score} is not a finite number`]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -1])('reports a latency of %p', (latency) => {
    expect(predictionProblems(prediction({ latency_ms: latency }))).toEqual([`latency_ms ${latency} is not a duration`]);
  });

  it('reports times a ClickHouse DateTime cannot hold', () => {
    expect(predictionProblems(prediction({ event_time: -1, predicted_at: MAX_DATETIME_MS + 1 }))).toEqual([
      'event_time -1 is not a time ClickHouse can store',
      `predicted_at ${MAX_DATETIME_MS + 1} is not a time ClickHouse can store`,
    ]);
    expect(predictionProblems(prediction({ event_time: 0, predicted_at: MAX_DATETIME_MS }))).toEqual([]);
  });

  it('reports the first feature that is neither a finite number nor null', () => {
    expect(predictionProblems(prediction({ features: [1, null, Number.NaN, Number.POSITIVE_INFINITY] }))).toEqual([
      'features[2] is NaN; expected a finite number or null',
    ]);
  });
});
