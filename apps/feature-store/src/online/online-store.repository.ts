import type { Redis } from '@mlops/redis';
import { NEWEST_WINS_LUA } from './newest-wins.script';

/** One vector to store under its key. */
export interface OnlineWrite {
  readonly key: string;
  /** The packed vector (`encodeVector`). */
  readonly value: Buffer;
  /** Redis expiry, garbage collection only. (ms) */
  readonly expireMs: number;
}

type Pipeline = ReturnType<Redis['pipeline']>;
/** The script registered by `defineCommand`, as ioredis adds it to the client's pipelines. */
type WithNewestWins = Pipeline & { putNewestVector(key: string, value: Buffer, expireMs: number): Pipeline };

const COMMAND = 'putNewestVector';

/** A Redis reply that is not what the script or command returns. */
export class UnexpectedReplyError extends Error {
  override readonly name = 'UnexpectedReplyError';
  constructor(
    readonly command: string,
    readonly reply: unknown,
  ) {
    super(`unexpected reply to ${command}: ${String(reply)}`);
  }
}

/**
 * The online store's Redis I/O: one packed value per entity and view version. Writes keep the
 * newest vector per key (a Lua script run by EVALSHA, one pipelined round trip per batch); reads
 * are one GET or one MGET.
 */
export class OnlineStoreRepository {
  constructor(private readonly redis: Redis) {
    redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: NEWEST_WINS_LUA });
  }

  /** Writes each vector unless its key holds a newer one; true where written. One round trip. */
  async putNewest(writes: readonly OnlineWrite[]): Promise<boolean[]> {
    if (writes.length === 0) return [];
    const pipeline = this.redis.pipeline() as WithNewestWins;
    for (const write of writes) pipeline.putNewestVector(write.key, write.value, write.expireMs);
    const replies = (await pipeline.exec()) ?? [];
    if (replies.length !== writes.length) throw new UnexpectedReplyError(COMMAND, `${replies.length} replies for ${writes.length} writes`);
    return replies.map(([error, reply]) => {
      if (error) throw error;
      if (reply !== 0 && reply !== 1) throw new UnexpectedReplyError(COMMAND, reply);
      return reply === 1;
    });
  }

  /** The packed vector under `key`, or null. */
  get(key: string): Promise<Buffer | null> {
    return this.redis.getBuffer(key);
  }

  /** The packed vectors under `keys`, in order, null where absent. One MGET. */
  getMany(keys: string[]): Promise<(Buffer | null)[]> {
    return this.redis.mgetBuffer(keys);
  }
}
