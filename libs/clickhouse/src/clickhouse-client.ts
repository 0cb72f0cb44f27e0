import { ClickHouseLogLevel, createClient, type ClickHouseClient, type Logger as ClientLogger } from '@clickhouse/client';
import type { Logger } from '@mlops/observability';

export type ClickHouse = ClickHouseClient;

export interface ClickHouseSettings {
  readonly url: string;
  readonly database: string;
  readonly username: string;
  readonly password: string;
  /** @default 30000 (ms) */
  readonly requestTimeoutMs?: number;
}

/** Routes the client's own logging into our JSON logger, at warn and above. */
function clientLogger(logger: Logger): new () => ClientLogger {
  return class implements ClientLogger {
    trace(): void {}
    debug(): void {}
    info(): void {}
    warn({ message, args }: { message: string; args?: Record<string, unknown> }): void {
      logger.warn({ clickhouse: args }, message);
    }
    error({ message, args, err }: { message: string; args?: Record<string, unknown>; err: Error }): void {
      // Failed requests are rethrown to the caller, who decides whether to retry; log them once, quietly.
      logger.debug({ clickhouse: args, err: err.message }, message);
    }
  };
}

/**
 * A client for ClickHouse over HTTP. SQL sent through it must run on 18.16 and on current
 * ClickHouse: no DateTime64, TTL, window functions or query parameters.
 */
export function createClickHouse(settings: ClickHouseSettings, logger: Logger): ClickHouse {
  return createClient({
    url: settings.url,
    database: settings.database,
    username: settings.username,
    password: settings.password,
    request_timeout: settings.requestTimeoutMs ?? 30_000,
    max_open_connections: 10,
    // Close idle sockets well before the server's keep-alive timeout (10 s locally, 3 s by
    // default on old servers), so a request never goes out on a socket the server just closed.
    keep_alive: { enabled: true, idle_socket_ttl: 1_000 },
    log: { LoggerClass: clientLogger(logger), level: ClickHouseLogLevel.WARN },
  });
}
