import type { Label, Transaction } from '@mlops/contracts';

/** What a sink is given: the generator's events, of which it uses only the kind and the value. */
export type SinkEvent = { readonly kind: 'transaction'; readonly value: Transaction } | { readonly kind: 'label'; readonly value: Label };

export interface SinkStats {
  /** Events the target acknowledged. */
  readonly delivered: number;
  /** Attempts that failed and were retried (429, 5xx, network). */
  readonly retries: number;
  /** Events the target already had (HTTP ingest's deduplication), when it says so. */
  readonly duplicates: number;
}

/**
 * Where the workload goes. Writes are bounded: `write` resolves once the events are taken into a
 * bounded buffer and waits while it is full, so a slow target slows the generator down instead
 * of growing memory. A label is never delivered before the transaction it labels.
 */
export interface EventSink {
  readonly stats: SinkStats;
  write(events: readonly SinkEvent[]): Promise<void>;
  /** Resolves once everything written is acknowledged; rejects with the first delivery failure. */
  flush(): Promise<void>;
  /** Flushes, then releases connections. */
  close(): Promise<void>;
}
