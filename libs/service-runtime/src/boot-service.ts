import type { DynamicModule } from '@nestjs/common';
import type { ServiceSettings } from '@mlops/config';
import { createLogger, type Logger, type Telemetry } from '@mlops/observability';
import { exitOnBootFailure, runService, type RunServiceOptions } from './run-service';

export interface BootOptions<C extends { readonly service: ServiceSettings }> {
  readonly name: string;
  readonly telemetry: Telemetry;
  /** Parses the environment; a bad one fails boot listing every bad variable. */
  readonly loadConfig: () => C;
  readonly module: (config: C, logger: Logger) => DynamicModule;
  /** HTTP server settings that depend on the config (body limit, parsers). */
  readonly http?: (config: C) => Pick<RunServiceOptions, 'bodyLimitBytes' | 'configure'>;
}

/** The whole of an app's `main.ts`: config → logger → Nest app → listen, with shutdown handled. */
export function bootService<C extends { readonly service: ServiceSettings }>(options: BootOptions<C>): void {
  const bootLogger = createLogger(options.name);
  const start = async (): Promise<void> => {
    const config = options.loadConfig();
    const logger = createLogger(options.name, config.service.logLevel);
    await runService({
      name: options.name,
      module: options.module(config, logger),
      logger,
      telemetry: options.telemetry,
      ...config.service,
      ...options.http?.(config),
    });
  };
  start().catch(exitOnBootFailure(bootLogger));
}
