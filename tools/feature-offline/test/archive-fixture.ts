import { toDateTime, type ClickHouse } from '@mlops/clickhouse';
import { Topics, namespaced, type Transaction } from '@mlops/contracts';
import type { LogPosition } from '@mlops/features';

/** A transaction and where it sits in its (simulated) Kafka log. */
export interface LogEntry {
  readonly event: Transaction;
  readonly position: LogPosition;
}

const T0 = Date.UTC(2026, 0, 1);
const COUNTRIES = ['DE', 'FR', 'NL'] as const;
const CHANNELS = ['pos', 'online', 'atm'] as const;

/**
 * A seeded log of card payments keyed by user over three partitions, in log order: mostly in
 * time order, some late within the 5 min allowance, a few beyond it (too late), small amounts
 * (card tests), optional devices. Deterministic for a seed.
 */
export function paymentLog(options: {
  readonly runId: string;
  readonly events: number;
  readonly users: number;
  readonly seed?: number;
}): LogEntry[] {
  let seed = options.seed ?? 7;
  const random = (): number => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const offsets = [0, 0, 0];
  let clock = T0;
  return Array.from({ length: options.events }, (_, i): LogEntry => {
    const user = Math.floor(random() ** 2 * options.users);
    clock += Math.floor(random() * 90_000);
    const roll = random();
    const time =
      roll < 0.1 ? clock - Math.floor(random() * 240_000) : roll < 0.13 ? clock - 600_000 - Math.floor(random() * 600_000) : clock;
    const partition = user % 3;
    const offset = offsets[partition] ?? 0;
    offsets[partition] = offset + 1;
    return {
      event: {
        event_id: `${options.runId}-tx-${i}`,
        event_time: time,
        user_id: `user-${user}`,
        card_id: `card-${user}`,
        merchant_id: `merchant-${Math.floor(random() * 25)}`,
        merchant_category: pick(['grocery', 'electronics', 'travel']),
        amount: random() < 0.08 ? Math.round(random() * 199) / 100 : Math.round(random() ** 3 * 50_000) / 100 + 0.01,
        currency: 'EUR',
        country: pick(COUNTRIES),
        channel: pick(CHANNELS),
        card_present: random() < 0.6,
        device_id: random() < 0.3 ? null : `device-${user}-${Math.floor(random() * 2)}`,
      },
      position: { partition, offset: String(offset) },
    };
  });
}

/** Which archived log rows belong to: the source topic by default. */
export interface ArchivedLogLabel {
  readonly label: string;
  readonly topic: string;
  readonly keyField: 'user_id' | 'merchant_id';
}

/** The rows the ingest archive writes into `events` for these entries. */
export function archiveRows(
  entries: readonly LogEntry[],
  namespace: string,
  log: ArchivedLogLabel = { label: 'transactions', topic: Topics.transactions, keyField: 'user_id' },
  ingestedAt = new Date(),
): Record<string, unknown>[] {
  return entries.map(({ event, position }) => ({
    event_type: log.label,
    event_id: event.event_id,
    entity_id: event[log.keyField],
    event_time: toDateTime(event.event_time),
    event_time_ms: event.event_time,
    ingested_at: toDateTime(ingestedAt),
    topic: namespaced(namespace, log.topic),
    partition: position.partition,
    offset: position.offset,
    payload: JSON.stringify(event),
  }));
}

/**
 * The copy of a log re-keyed by merchant, as feature-transform forwards it: events in the order
 * given (the consumer's interleaving of the source partitions), each merchant on one of three
 * partitions, offsets counting per partition.
 */
export function rekeyedByMerchant(entries: readonly LogEntry[]): LogEntry[] {
  const offsets = [0, 0, 0];
  return entries.map(({ event }) => {
    const partition = Number(event.merchant_id.replace(/\D/g, '')) % 3;
    const offset = offsets[partition] ?? 0;
    offsets[partition] = offset + 1;
    return { event, position: { partition, offset: String(offset) } };
  });
}

/** The typed `transactions` rows for these entries. */
export const transactionRows = (entries: readonly LogEntry[]): Record<string, unknown>[] =>
  entries.map(({ event }) => ({
    ...event,
    event_time: toDateTime(event.event_time),
    event_time_ms: event.event_time,
    card_present: event.card_present ? 1 : 0,
    ingested_at: toDateTime(new Date()),
  }));

export async function insert(client: ClickHouse, table: string, values: readonly Record<string, unknown>[]): Promise<void> {
  await client.insert({ table, values: [...values], format: 'JSONEachRow' });
}

/** A copy in a seeded order unrelated to the log: what the log order must not depend on. */
export function shuffled<T>(items: readonly T[], seed = 11): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
