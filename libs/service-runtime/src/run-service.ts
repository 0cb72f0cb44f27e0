import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule } from '@nestjs/common';
import { NestJsonLogger, type Logger, type Telemetry } from '@mlops/observability';
import { describeError } from '@mlops/util';
import { LifecycleState } from './lifecycle-state';

export interface RunServiceOptions {
  readonly name: string;
  readonly module: DynamicModule;
  readonly logger: Logger;
  readonly telemetry: Telemetry;
  readonly host: string;
  readonly port: number;
  /** Longest a graceful shutdown may take before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  readonly logLevel?: string;
  /** Largest accepted HTTP body. @default 1 MiB */
  readonly bodyLimitBytes?: number;
  /**
   * Adjusts the HTTP server before it listens. When given, Nest's own body parsers are not
   * registered: the function installs the content-type parsers the service wants.
   */
  readonly configure?: (app: NestFastifyApplication) => void;
}

/**
 * Boots a service and owns its shutdown. On SIGTERM/SIGINT, in this order:
 * readiness fails → consumers stop fetching, finish their in-flight batch and commit
 * (onModuleDestroy) → producers and writers flush (beforeApplicationShutdown) → HTTP closes →
 * store connections close (onApplicationShutdown) → telemetry flushes → exit 0.
 * If that takes longer than `shutdownTimeoutMs`, the process exits with code 1; whatever
 * was not committed is delivered again to the next consumer (at-least-once).
 */
export async function runService(options: RunServiceOptions): Promise<NestFastifyApplication> {
  const { logger } = options;
  const app = await NestFactory.create<NestFastifyApplication>(
    options.module,
    new FastifyAdapter({ bodyLimit: options.bodyLimitBytes ?? 1_048_576, forceCloseConnections: 'idle' }),
    { logger: new NestJsonLogger(logger), abortOnError: false, bodyParser: options.configure === undefined },
  );
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.get(LifecycleState).shuttingDown = true;
    const force = setTimeout(() => {
      logger.error({ timeoutMs: options.shutdownTimeoutMs }, 'graceful shutdown timed out, exiting');
      logger.flush();
      process.exit(1);
    }, options.shutdownTimeoutMs);
    force.unref();
    let code = 0;
    try {
      await app.close();
    } catch (error) {
      code = 1;
      logger.error({ err: describeError(error) }, 'error during shutdown');
    }
    await options.telemetry.shutdown().catch((error: unknown) => logger.warn({ err: describeError(error) }, 'telemetry shutdown failed'));
    logger.info({ code }, 'stopped');
    logger.flush();
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(signal));

  options.configure?.(app);
  await app.listen({ host: options.host, port: options.port });
  logger.info({ host: options.host, port: options.port }, `${options.name} listening`);
  return app;
}

/** Logs a boot failure (bad config lists every variable) and exits non-zero. */
export function exitOnBootFailure(logger: Logger): (error: unknown) => never {
  return (error) => {
    logger.fatal({ err: describeError(error) }, 'failed to start');
    logger.flush();
    process.exit(1);
  };
}
