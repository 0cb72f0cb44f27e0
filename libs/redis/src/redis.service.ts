import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, withTimeout, type HealthCheck, type Logger } from '@mlops/observability';
import { backoffDelay } from '@mlops/util';
import Redis from 'ioredis';

export const REDIS_SETTINGS = Symbol('REDIS_SETTINGS');

export interface RedisSettings {
  readonly url: string;
  /** Connect on the first command instead of at once. @default false */
  readonly lazyConnect?: boolean;
}

export type { Redis };

/** Creates an ioredis client that reconnects with backoff and fails commands fast while down. */
export function createRedis(settings: RedisSettings, logger?: Logger): Redis {
  const client = new Redis(settings.url, {
    lazyConnect: settings.lazyConnect ?? false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => backoffDelay(attempt, { initialMs: 100, maxMs: 3_000 }),
  });
  client.on('error', (error: Error) => logger?.warn({ err: error.message }, 'redis connection error'));
  return client;
}

/** The service's Redis connection: connects in the background (readiness reports it), closed last at shutdown. */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(@Inject(REDIS_SETTINGS) settings: RedisSettings, @Inject(LOGGER) logger: Logger) {
    this.client = createRedis(settings, logger);
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT waits for a reply; against a server that is down it would wait for the reconnect loop.
    if (this.client.status === 'ready') await this.client.quit();
    else this.client.disconnect();
  }

  readonly health: HealthCheck = {
    name: 'redis',
    check: async () => {
      await withTimeout(this.client.ping(), 1_000, 'redis');
    },
  };
}
