import type { Redis } from '@mlops/redis';

/**
 * Remembers event ids for a window so a retried or replayed event is acknowledged without being
 * produced twice. Shared by every ingest replica through Redis (`SET NX PX`).
 */
export class DedupStore {
  constructor(
    private readonly redis: Redis,
    /** How long an id is remembered. (ms) */
    private readonly windowMs: number,
    private readonly prefix = 'ingest:dedup',
  ) {}

  /** For each id, true when it was not seen within the window (and is now claimed). */
  async claim(eventType: string, ids: readonly string[]): Promise<boolean[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.set(this.key(eventType, id), '1', 'PX', this.windowMs, 'NX');
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, reply]) => {
      if (error) throw error;
      return reply === 'OK';
    });
  }

  /** Forgets ids claimed by a request that then failed, so the client's retry is not taken for a duplicate. */
  async release(eventType: string, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.redis.del(...ids.map((id) => this.key(eventType, id)));
  }

  private key(eventType: string, id: string): string {
    return `${this.prefix}:${eventType}:${id}`;
  }
}
