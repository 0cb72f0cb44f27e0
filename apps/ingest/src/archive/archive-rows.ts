import { toDateTime } from '@mlops/clickhouse';
import type { Label, Transaction } from '@mlops/contracts';
import type { ConsumedMessage } from '@mlops/kafka';

/** A row of the generic `events` archive. */
export interface EventRow extends Record<string, unknown> {
  event_type: string;
  event_id: string;
  entity_id: string;
  event_time: string;
  event_time_ms: number;
  ingested_at: string;
  topic: string;
  partition: number;
  offset: string;
  payload: string;
}

export function eventRow(
  eventType: string,
  idField: string,
  keyField: string,
  timeField: string,
  message: ConsumedMessage<Record<string, unknown>>,
  now: Date,
): EventRow {
  const time = Number(message.value[timeField]);
  return {
    event_type: eventType,
    event_id: String(message.value[idField]),
    entity_id: String(message.value[keyField]),
    event_time: toDateTime(time),
    event_time_ms: time,
    ingested_at: toDateTime(now),
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    payload: JSON.stringify(message.value),
  };
}

export function transactionRow(tx: Transaction, now: Date): Record<string, unknown> {
  return {
    ...tx,
    event_time: toDateTime(tx.event_time),
    event_time_ms: tx.event_time,
    card_present: tx.card_present ? 1 : 0,
    ingested_at: toDateTime(now),
  };
}

export function labelRow(label: Label, now: Date): Record<string, unknown> {
  return {
    ...label,
    label_time: toDateTime(label.label_time),
    label_time_ms: label.label_time,
    is_fraud: label.is_fraud ? 1 : 0,
    ingested_at: toDateTime(now),
  };
}
