import type { EventTypeName } from '@mlops/contracts';
import { backoffDelay, sleep as realSleep } from '@mlops/util';
import type { EventSink, SinkEvent, SinkStats } from './event-sink';
import { HttpSinkError, retryAfterMs } from './http-response';
import { Semaphore } from './semaphore';

export interface HttpSinkOptions {
  /** Base URL of the ingest service, e.g. `http://127.0.0.1:3001`. */
  readonly url: string;
  /** Events per request (a JSON array). @default 100 */
  readonly batchSize?: number;
  /** Requests in flight at once. @default 4 */
  readonly maxInFlight?: number;
  /** Longest a partial batch waits for more events before it is sent. @default 200 (ms) */
  readonly lingerMs?: number;
  /** Sent as `authorization: Bearer <key>`. @default none */
  readonly apiKey?: string;
  /** Attempts per request on 5xx and network errors; 429 is retried for as long as the server asks. @default 8 */
  readonly maxAttempts?: number;
  /** @default the global fetch (undici: pooled keep-alive connections) */
  readonly fetch?: typeof fetch;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * `POST {url}/v1/events/transactions` and `/v1/events/labels` with JSON array bodies. Up to
 * `maxInFlight` requests run at once; a labels request waits for every transactions request
 * that left before it, so a label never reaches ingest before its transaction.
 */
export class HttpSink implements EventSink {
  private readonly buffers: Record<EventTypeName, unknown[]> = { transactions: [], labels: [] };
  private readonly pending = new Set<Promise<void>>();
  private readonly pendingTransactions = new Set<Promise<void>>();
  private readonly slots: Semaphore;
  private readonly counters = { delivered: 0, retries: 0, duplicates: 0 };
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private timer: NodeJS.Timeout | undefined;
  private failure: { readonly error: unknown } | undefined;

  constructor(private readonly options: HttpSinkOptions) {
    this.slots = new Semaphore(options.maxInFlight ?? 4);
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? realSleep;
  }

  get stats(): SinkStats {
    return { ...this.counters };
  }

  async write(events: readonly SinkEvent[]): Promise<void> {
    this.throwIfFailed();
    const batchSize = this.options.batchSize ?? 100;
    for (const event of events) {
      const type: EventTypeName = event.kind === 'transaction' ? 'transactions' : 'labels';
      this.buffers[type].push(event.value);
      if (this.buffers[type].length >= batchSize) await this.dispatch(type);
    }
    this.lingerPartialBatches();
  }

  async flush(): Promise<void> {
    this.clearTimer();
    await this.dispatch('labels'); // sends the partial transactions batch first
    while (this.pending.size > 0) await Promise.all(this.pending);
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    await this.flush();
  }

  /** Sends the buffered events of `type`, then waits while too many requests are queued. */
  private async dispatch(type: EventTypeName): Promise<void> {
    // Labels may label buffered transactions: those leave first.
    if (type === 'labels') this.send('transactions');
    this.send(type);
    while (this.pending.size > (this.options.maxInFlight ?? 4)) await Promise.race(this.pending);
    this.throwIfFailed();
  }

  private send(type: EventTypeName): void {
    const batch = this.buffers[type];
    // After a refused request the run is over: nothing more goes out (the summary counts what was delivered).
    if (batch.length === 0 || this.failure) return;
    this.buffers[type] = [];
    const before = type === 'labels' ? [...this.pendingTransactions] : [];
    const request = (async () => {
      await Promise.all(before);
      if (this.failure) return; // a transactions request it waited for was refused
      await this.slots.acquire();
      try {
        await this.post(type, batch);
      } finally {
        this.slots.release();
      }
    })()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.pending.delete(request);
        this.pendingTransactions.delete(request);
      });
    this.pending.add(request);
    if (type === 'transactions') this.pendingTransactions.add(request);
  }

  private async post(type: EventTypeName, batch: readonly unknown[]): Promise<void> {
    const url = `${this.options.url.replace(/\/+$/, '')}/v1/events/${type}`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers['authorization'] = `Bearer ${this.options.apiKey}`;
    const body = JSON.stringify(batch);
    const maxAttempts = this.options.maxAttempts ?? 8;
    let failures = 0; // 429s are the server pacing us, not failures
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt(url, headers, body);
      if (outcome.ok) {
        this.counters.delivered += batch.length;
        this.counters.duplicates += outcome.duplicates;
        return;
      }
      if (outcome.status !== 429) failures += 1;
      if (outcome.fatal || failures >= maxAttempts) throw outcome.error;
      this.counters.retries += 1;
      await this.sleep(outcome.waitMs ?? backoffDelay(attempt, { initialMs: 200, maxMs: 5_000 }));
    }
  }

  private async attempt(url: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
    let response: Response;
    try {
      response = await this.fetch(url, { method: 'POST', headers, body });
    } catch (cause) {
      return { ok: false, fatal: false, status: 0, error: new HttpSinkError(url, 0, '', { cause }) };
    }
    const text = await response.text();
    if (response.ok) return { ok: true, duplicates: duplicatesIn(text) };
    const error = new HttpSinkError(url, response.status, text);
    if (response.status === 429)
      return { ok: false, fatal: false, status: 429, error, waitMs: retryAfterMs(response.headers.get('retry-after')) };
    return { ok: false, fatal: response.status < 500, status: response.status, error };
  }

  private lingerPartialBatches(): void {
    if (this.timer || (this.buffers.transactions.length === 0 && this.buffers.labels.length === 0)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.send('transactions');
      this.send('labels');
    }, this.options.lingerMs ?? 200);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private throwIfFailed(): void {
    if (this.failure) {
      this.clearTimer();
      throw this.failure.error;
    }
  }
}

type AttemptOutcome =
  | { readonly ok: true; readonly duplicates: number }
  | { readonly ok: false; readonly fatal: boolean; readonly status: number; readonly error: HttpSinkError; readonly waitMs?: number };

/** Ingest answers `{ accepted, duplicates, ids }`; anything else counts no duplicates. */
function duplicatesIn(text: string): number {
  try {
    const parsed: unknown = JSON.parse(text);
    const duplicates = typeof parsed === 'object' && parsed !== null ? (parsed as { duplicates?: unknown }).duplicates : undefined;
    return typeof duplicates === 'number' ? duplicates : 0;
  } catch (error) {
    if (error instanceof SyntaxError) return 0; // a 2xx without a JSON body still delivered the batch
    throw error;
  }
}
