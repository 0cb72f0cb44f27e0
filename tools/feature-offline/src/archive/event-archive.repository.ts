import type { ClickHouse } from '@mlops/clickhouse';
import { EventTypes, namespaced } from '@mlops/contracts';
import { inputContract, needsRepartition, type FeatureView, type LogPosition, type LoggedEvent } from '@mlops/features';
import { mergePartitionsByTime } from './merge-partitions';
import { sqlIdentifier, sqlInteger, sqlString } from './sql';

/** An event of the `events` archive with its Kafka position. */
export interface ArchivedEvent extends LoggedEvent {
  readonly position: LogPosition;
}

/** A labelled event of the view's source type, as of which a training row is built. */
export interface LabelledEvent {
  readonly event_id: string;
  readonly entity_id: string;
  /** (ms since epoch) */
  readonly event_time: number;
  /** The latest label's `is_fraud`, 0 or 1. */
  readonly label: number;
}

export interface EventSelection {
  readonly view: FeatureView;
  /** Topic namespace of the archived events; '' = the plain topic names. */
  readonly namespace: string;
  /** Only entities with an event in [from, to) (ms); every event of those entities is read. */
  readonly activeBetween?: { readonly from: number; readonly to: number };
  /** Only these entities. */
  readonly entities?: readonly string[];
}

/** The events a view is computed from, in the order its stream processed them. */
export interface ViewLog {
  readonly events: ArchivedEvent[];
  /** The archived topic read. */
  readonly topic: string;
  /**
   * Whether `events` are in the stream's exact log order (partition, offset of the topic the
   * view reads). False when a view reading a re-keyed copy had to be rebuilt from its source
   * topic because the copy was not archived: source partitions merged by event time.
   */
  readonly exact: boolean;
}

/** How the ingest archive labels a log in `events.event_type`, and the topic it came from. */
interface ArchivedLog {
  readonly label: string;
  readonly topic: string;
  /** SQL for the view's entity in that log. */
  readonly entity: string;
}

/** The topic the view's source events were archived from. */
export const sourceTopic = (view: FeatureView, namespace: string): string => namespaced(namespace, EventTypes[view.source].topic);

/** The log the view's stream reads: its source topic, or the re-keyed copy (`transactions@merchant_id`). */
function inputLog(view: FeatureView, namespace: string): ArchivedLog {
  if (!needsRepartition(view)) return { label: view.source, topic: sourceTopic(view, namespace), entity: 'entity_id' };
  return { label: `${view.source}@${view.keyField}`, topic: namespaced(namespace, inputContract(view).topic), entity: 'entity_id' };
}

/** The source log read for a view keyed otherwise: its entity is read from the payload. */
const sourceLog = (view: FeatureView, namespace: string): ArchivedLog => ({
  label: view.source,
  topic: sourceTopic(view, namespace),
  entity: needsRepartition(view) ? `visitParamExtractString(payload, ${sqlString(view.keyField)})` : 'entity_id',
});

/**
 * Reads archived events (`events`, `labels`, `transactions`) for offline replays. SQL for
 * ClickHouse 18.16: FINAL folds archive duplicates, values are quoted by `sql.ts`.
 */
export class EventArchiveRepository {
  private readonly database: string;

  constructor(
    private readonly client: ClickHouse,
    database: string,
  ) {
    this.database = sqlIdentifier(database);
  }

  /**
   * The selected events of the log the view's stream reads, in its order: by partition, then
   * offset. A view reading a re-keyed copy that was not archived falls back to its source log,
   * partitions merged by event time (see {@link ViewLog.exact}).
   */
  async readViewLog(selection: EventSelection): Promise<ViewLog> {
    const { view, namespace } = selection;
    const input = inputLog(view, namespace);
    if (!needsRepartition(view) || (await this.count(input)) > 0) {
      return { events: await this.readLog(input, selection), topic: input.topic, exact: true };
    }
    const source = sourceLog(view, namespace);
    return { events: mergePartitionsByTime(await this.readLog(source, selection), view.timeField), topic: source.topic, exact: false };
  }

  private async count(log: ArchivedLog): Promise<number> {
    const rows = await this.rows<{ n: string }>(`SELECT toString(count()) AS n FROM ${this.database}.events WHERE ${logFilter(log)}`);
    return Number(rows[0]?.n ?? 0);
  }

  private async readLog(log: ArchivedLog, selection: EventSelection): Promise<ArchivedEvent[]> {
    const filters = [logFilter(log)];
    if (selection.activeBetween) {
      const { from, to } = selection.activeBetween;
      filters.push(
        `${log.entity} IN (SELECT ${log.entity} FROM ${this.database}.events WHERE ${logFilter(log)} ` +
          `AND event_time_ms >= ${sqlInteger(from)} AND event_time_ms < ${sqlInteger(to)})`,
      );
    }
    if (selection.entities) {
      if (selection.entities.length === 0) return [];
      filters.push(`${log.entity} IN (${selection.entities.map(sqlString).join(', ')})`);
    }
    const rows = await this.rows<{ partition: number; offset_text: string; payload: string }>(
      `SELECT partition, toString(offset) AS offset_text, payload FROM ${this.database}.events FINAL ` +
        `WHERE ${filters.join(' AND ')} ORDER BY partition, offset`,
    );
    return rows.map((row) => ({
      event: JSON.parse(row.payload) as Record<string, unknown>,
      position: { partition: Number(row.partition), offset: row.offset_text },
    }));
  }

  /**
   * One row per labelled event of the view's source type (its latest label), joined to the typed
   * `transactions` table for its entity and time; in event time order.
   */
  async readLabelledEvents(view: FeatureView): Promise<LabelledEvent[]> {
    if (view.source !== 'transactions') throw new Error(`labels exist for transactions only, not for ${view.source} (view ${view.name})`);
    const rows = await this.rows<{ event_id: string; entity_id: string; time_text: string; is_fraud: number }>(
      `SELECT event_id, entity_id, toString(event_time_ms) AS time_text, is_fraud ` +
        `FROM (SELECT event_id, argMax(is_fraud, label_time_ms) AS is_fraud FROM ${this.database}.labels FINAL GROUP BY event_id) ` +
        `ANY INNER JOIN (SELECT event_id, ${sqlIdentifier(view.keyField)} AS entity_id, event_time_ms ` +
        `FROM ${this.database}.transactions FINAL) USING event_id ORDER BY event_time_ms, event_id`,
    );
    return rows.map((row) => ({
      event_id: row.event_id,
      entity_id: row.entity_id,
      event_time: Number(row.time_text),
      label: Number(row.is_fraud),
    }));
  }

  private async rows<T>(query: string): Promise<T[]> {
    return (await this.client.query({ query, format: 'JSONEachRow' })).json<T>();
  }
}

const logFilter = (log: ArchivedLog): string => `event_type = ${sqlString(log.label)} AND topic = ${sqlString(log.topic)}`;
