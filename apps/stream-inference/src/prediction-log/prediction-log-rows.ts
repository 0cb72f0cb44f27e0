import { toDateTime } from '@mlops/clickhouse';
import type { Prediction } from '@mlops/contracts';

/**
 * A row of ClickHouse `predictions` (infra/clickhouse/migrations/0004_predictions.sql). Every
 * column is present: JSONEachRow on 18.16 does not fill defaults of omitted columns.
 */
export interface PredictionLogRow extends Record<string, unknown> {
  readonly model_name: string;
  readonly model_version: string;
  readonly variant: Prediction['variant'];
  readonly source: Prediction['source'];
  readonly event_id: string;
  readonly entity_id: string;
  readonly score: number;
  /** The model's inputs in its card's order; null = missing. */
  readonly features: readonly (number | null)[];
  /** `YYYY-MM-DD hh:mm:ss` UTC; the exact time is in event_time_ms. */
  readonly event_time: string;
  readonly event_time_ms: number;
  readonly predicted_at: string;
  readonly predicted_at_ms: number;
  readonly latency_ms: number;
  readonly logged_at: string;
}

/** Last second a ClickHouse DateTime (UInt32 seconds) can hold: 2106-02-07 06:28:15 UTC. (ms) */
export const MAX_DATETIME_MS = 4_294_967_295_000;

/** Maps a prediction onto the `predictions` columns; `loggedAtMs` (epoch ms) is when its batch was written. */
export function predictionLogRow(prediction: Prediction, loggedAtMs: number): PredictionLogRow {
  return {
    model_name: prediction.model_name,
    model_version: prediction.model_version,
    variant: prediction.variant,
    source: prediction.source,
    event_id: prediction.event_id,
    entity_id: prediction.entity_id,
    score: prediction.score,
    features: prediction.features,
    event_time: toDateTime(prediction.event_time),
    event_time_ms: prediction.event_time,
    predicted_at: toDateTime(prediction.predicted_at),
    predicted_at_ms: prediction.predicted_at,
    latency_ms: prediction.latency_ms,
    logged_at: toDateTime(loggedAtMs),
  };
}

/**
 * Why a decoded prediction cannot be logged as it was made (empty when it can). Ids must be
 * non-empty, since the log folds replays on (model_name, event_id, model_version). Numbers must
 * be finite: NaN and ±Infinity have no JSON form, so they would reach ClickHouse as null or be
 * refused, and a stuck batch would stall the partition. Times must fit a ClickHouse DateTime.
 */
export function predictionProblems(p: Prediction): string[] {
  const problems: string[] = [];
  for (const field of ['event_id', 'entity_id', 'model_name', 'model_version'] as const) {
    if (p[field].trim().length === 0) problems.push(`${field} is blank`);
  }
  if (!Number.isFinite(p.score)) problems.push(`score ${p.score} is not a finite number`);
  if (!Number.isFinite(p.latency_ms) || p.latency_ms < 0) problems.push(`latency_ms ${p.latency_ms} is not a duration`);
  for (const field of ['event_time', 'predicted_at'] as const) {
    const ms = p[field];
    if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_DATETIME_MS) problems.push(`${field} ${ms} is not a time ClickHouse can store`);
  }
  const bad = p.features.findIndex((value) => value !== null && !Number.isFinite(value));
  if (bad >= 0) problems.push(`features[${bad}] is ${p.features[bad]}; expected a finite number or null`);
  return problems;
}
