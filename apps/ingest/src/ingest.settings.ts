/** Ingest's own limits and switches, from its environment (see ingest.config.ts). */
export interface IngestSettings {
  /** Largest request body. (bytes) */
  readonly maxBodyBytes: number;
  /** Most events in one request. */
  readonly maxEvents: number;
  /** Encoded bytes awaiting Kafka acknowledgement above which requests get 429. (bytes) */
  readonly maxInFlightBytes: number;
  /** How long an event id is remembered for deduplication. (ms) */
  readonly dedupWindowMs: number;
  /** Accepted API keys; empty means the endpoint is open. */
  readonly apiKeys: readonly string[];
  /** Whether this process also archives the event topics into ClickHouse. */
  readonly archive: boolean;
}

export const INGEST_SETTINGS = Symbol('INGEST_SETTINGS');
