import type { Logger } from '@mlops/observability';
import { describeError, retryWithBackoff, type BackoffOptions } from '@mlops/util';
import type { ClickHouse } from './clickhouse-client';

export interface BatchedWriterOptions extends BackoffOptions {
  readonly table: string;
  /** Rows that trigger an insert at once. @default 5000 */
  readonly maxRows?: number;
  /** Insert attempts before `write` rejects (the caller, e.g. a consumer, retries the whole batch). @default 3 */
  readonly maxAttempts?: number;
  /** Longest a row waits for others before its insert. @default 200 (ms) */
  readonly maxDelayMs?: number;
}

interface Waiting<Row> {
  readonly rows: readonly Row[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Gathers rows from concurrent callers into one INSERT (ClickHouse wants few large inserts).
 * `write` resolves only once its rows are inserted, so a consumer can commit its offsets right
 * after; a failing insert is retried with backoff and never dropped. Rows wait only while an
 * insert is in flight, so memory is bounded by what callers hold (they await).
 */
export class BatchedWriter<Row extends Record<string, unknown>> {
  private waiting: Waiting<Row>[] = [];
  private waitingRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  /** Inserted rows and insert attempts that failed, since start. */
  readonly stats = { insertedRows: 0, inserts: 0, failedAttempts: 0 };

  constructor(
    private readonly client: ClickHouse,
    private readonly logger: Logger,
    private readonly options: BatchedWriterOptions,
  ) {}

  write(rows: readonly Row[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`writer for ${this.options.table} is closed`));
    if (rows.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      this.waitingRows += rows.length;
      if (this.waitingRows >= (this.options.maxRows ?? 5_000)) this.schedule(0);
      else this.schedule(this.options.maxDelayMs ?? 200);
    });
  }

  /** Inserts what is waiting and stops accepting rows. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.chain = this.chain.then(() => this.insertWaiting());
    await this.chain;
  }

  private schedule(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.chain = this.chain.then(() => this.insertWaiting());
    }, delayMs);
  }

  private async insertWaiting(): Promise<void> {
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    this.waitingRows = 0;
    const values = batch.flatMap((w) => w.rows);
    try {
      await retryWithBackoff(() => this.client.insert({ table: this.options.table, values, format: 'JSONEachRow' }), {
        ...this.options,
        maxAttempts: this.options.maxAttempts ?? 3,
        onRetry: (error, attempt, delayMs) => {
          this.stats.failedAttempts += 1;
          this.logger.warn(
            { table: this.options.table, rows: values.length, attempt, delayMs, err: describeError(error) },
            'insert failed, retrying',
          );
          return true;
        },
      });
      this.stats.inserts += 1;
      this.stats.insertedRows += values.length;
      for (const w of batch) w.resolve();
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
