import { toDateTime } from '@mlops/clickhouse';
import type { FeatureVector } from '@mlops/contracts';

/** A row of ClickHouse `feature_log` (infra/clickhouse/migrations/0003_feature_log.sql). */
export interface FeatureLogRow extends Record<string, unknown> {
  readonly view: string;
  readonly view_version: number;
  readonly entity_id: string;
  readonly event_id: string;
  /** `YYYY-MM-DD hh:mm:ss` UTC; the exact time is in event_time_ms. */
  readonly event_time: string;
  readonly event_time_ms: number;
  readonly computed_at_ms: number;
  readonly feature_values: readonly (number | null)[];
  readonly logged_at: string;
}

/** `loggedAt` is a DateTime text (`toDateTime`), shared by the rows of one batch. */
export function featureLogRow(vector: FeatureVector, loggedAt: string): FeatureLogRow {
  return {
    view: vector.view,
    view_version: vector.view_version,
    entity_id: vector.entity_id,
    event_id: vector.event_id,
    event_time: toDateTime(vector.event_time),
    event_time_ms: vector.event_time,
    computed_at_ms: vector.computed_at,
    feature_values: vector.values,
    logged_at: loggedAt,
  };
}
