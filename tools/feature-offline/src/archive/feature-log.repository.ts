import type { ClickHouse } from '@mlops/clickhouse';
import type { FeatureView } from '@mlops/features';
import { featureLogInsert, type LoggedVector } from './feature-log-sql';
import { sqlIdentifier, sqlInteger, sqlString } from './sql';

export interface FeatureLogWriteOptions {
  /** `computed_at_ms` of the rows. @default now (ms) */
  readonly computedAtMs?: number;
  /** `logged_at` of the rows, the ReplacingMergeTree version: a later one wins. @default now */
  readonly loggedAt?: Date;
  /** Rows per INSERT. @default 2000 */
  readonly chunkRows?: number;
}

/** The stream's record of every vector it computed (`feature_log`), read and written exactly. */
export class FeatureLogRepository {
  private readonly database: string;

  constructor(
    private readonly client: ClickHouse,
    database: string,
  ) {
    this.database = sqlIdentifier(database);
  }

  /** The latest row per event (FINAL) of one view version; event time in [from, to) when given. */
  async read(view: FeatureView, between?: { readonly from: number; readonly to: number }): Promise<LoggedVector[]> {
    const range = between ? ` AND event_time_ms >= ${sqlInteger(between.from)} AND event_time_ms < ${sqlInteger(between.to)}` : '';
    const result = await this.client.query({
      query:
        `SELECT entity_id, event_id, toString(event_time_ms) AS time_text, feature_values FROM ${this.database}.feature_log FINAL ` +
        `WHERE view = ${sqlString(view.name)} AND view_version = ${sqlInteger(view.version)}${range}`,
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ entity_id: string; event_id: string; time_text: string; feature_values: (number | null)[] }>();
    return rows.map((row) => ({
      entity_id: row.entity_id,
      event_id: row.event_id,
      event_time: Number(row.time_text),
      values: row.feature_values,
    }));
  }

  /** Inserts the vectors bit for bit (see {@link featureLogInsert}); returns the rows written. */
  async write(view: FeatureView, vectors: readonly LoggedVector[], options: FeatureLogWriteOptions = {}): Promise<number> {
    const chunkRows = options.chunkRows ?? 2_000;
    const times = { computedAtMs: options.computedAtMs ?? Date.now(), loggedAt: options.loggedAt ?? new Date() };
    for (let start = 0; start < vectors.length; start += chunkRows) {
      const query = featureLogInsert(this.database, view, vectors.slice(start, start + chunkRows), times);
      // The rows are in the query text, which ClickHouse caps at 256 KiB by default.
      await this.client.command({ query, clickhouse_settings: { max_query_size: String(query.length + 1_024) } });
    }
    return vectors.length;
  }
}
