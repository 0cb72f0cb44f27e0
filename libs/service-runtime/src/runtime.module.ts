import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { LOGGER, type HealthCheck, type Logger } from '@mlops/observability';
import { HEALTH_CHECKS, HealthController } from './health.controller';
import { LifecycleState } from './lifecycle-state';

export interface RuntimeModuleOptions {
  readonly logger: Logger;
  /** The external systems `/health/ready` checks, taken from the data-access services. */
  readonly healthChecks: {
    readonly inject: InjectionToken[];
    readonly useFactory: (...services: never[]) => HealthCheck[];
  };
}

/** What every service has: the JSON logger, health endpoints, and the shutdown flag. */
@Module({})
export class RuntimeModule {
  static forRoot(options: RuntimeModuleOptions): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        LifecycleState,
        {
          provide: HEALTH_CHECKS,
          inject: options.healthChecks.inject,
          useFactory: options.healthChecks.useFactory as (...args: unknown[]) => HealthCheck[],
        },
      ],
      exports: [LOGGER, LifecycleState],
    };
  }
}
