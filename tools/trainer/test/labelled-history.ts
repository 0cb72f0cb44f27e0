import { toDateTime, type ClickHouse } from '@mlops/clickhouse';
import { Topics, namespaced, type Transaction } from '@mlops/contracts';

/** A transaction, where it sits in its (simulated) Kafka log, and whether it was fraud. */
export interface LabelledPayment {
  readonly event: Transaction;
  readonly partition: number;
  readonly offset: number;
  readonly fraud: boolean;
}

const T0 = Date.UTC(2026, 0, 1);

/**
 * A seeded card-payment history keyed by user over three partitions, in time order, where fraud is
 * predictable from the amount: frauds are large online payments, legitimate ones mostly small
 * (a few large legitimate ones and small frauds keep it from being trivially separable). Every 15th
 * payment comes from a new card holder.
 */
export function labelledHistory(options: {
  readonly runId: string;
  readonly events: number;
  readonly users: number;
  readonly seed: number;
}): LabelledPayment[] {
  let seed = options.seed;
  const random = (): number => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  const offsets = [0, 0, 0];
  let clock = T0;
  return Array.from({ length: options.events }, (_, i): LabelledPayment => {
    // Every 15th payment is a card holder's first: no history, so many features are missing.
    const user = i % 15 === 14 ? options.users + i : Math.floor(random() * options.users);
    clock += 60_000 + Math.floor(random() * 600_000);
    const fraud = random() < 0.2;
    const large = fraud ? random() < 0.9 : random() < 0.05;
    const partition = user % 3;
    const offset = offsets[partition] ?? 0;
    offsets[partition] = offset + 1;
    return {
      event: {
        event_id: `${options.runId}-tx-${i}`,
        event_time: clock,
        user_id: `user-${user}`,
        card_id: `card-${user}`,
        merchant_id: `merchant-${Math.floor(random() * 10)}`,
        merchant_category: fraud ? 'electronics' : 'grocery',
        amount: Math.round((large ? 600 + random() * 1_400 : 5 + random() * 120) * 100) / 100,
        currency: 'EUR',
        country: 'DE',
        channel: fraud || random() < 0.3 ? 'online' : 'pos',
        card_present: !fraud && random() < 0.7,
        device_id: random() < 0.2 ? null : `device-${user}`,
      },
      partition,
      offset,
      fraud,
    };
  });
}

/** The rows the ingest archive writes into `events` for these payments. */
export const archiveRows = (payments: readonly LabelledPayment[], namespace: string): Record<string, unknown>[] =>
  payments.map(({ event, partition, offset }) => ({
    event_type: 'transactions',
    event_id: event.event_id,
    entity_id: event.user_id,
    event_time: toDateTime(event.event_time),
    event_time_ms: event.event_time,
    ingested_at: toDateTime(new Date()),
    topic: namespaced(namespace, Topics.transactions),
    partition,
    offset: String(offset),
    payload: JSON.stringify(event),
  }));

/** The typed `transactions` rows. */
export const transactionRows = (payments: readonly LabelledPayment[]): Record<string, unknown>[] =>
  payments.map(({ event }) => ({
    ...event,
    event_time: toDateTime(event.event_time),
    event_time_ms: event.event_time,
    card_present: event.card_present ? 1 : 0,
    ingested_at: toDateTime(new Date()),
  }));

/** One label per payment, a day after it (chargebacks come late). */
export const labelRows = (payments: readonly LabelledPayment[]): Record<string, unknown>[] =>
  payments.map(({ event, fraud }) => ({
    event_id: event.event_id,
    user_id: event.user_id,
    label_time: toDateTime(event.event_time + 86_400_000),
    label_time_ms: event.event_time + 86_400_000,
    is_fraud: fraud ? 1 : 0,
    source: 'chargeback',
    ingested_at: toDateTime(new Date()),
  }));

export async function insert(client: ClickHouse, table: string, values: readonly Record<string, unknown>[]): Promise<void> {
  await client.insert({ table, values: [...values], format: 'JSONEachRow' });
}
