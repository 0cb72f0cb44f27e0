export { HEALTH_CHECKS, HealthController, type CheckResult } from './health.controller';
export { LifecycleState } from './lifecycle-state';
export { RuntimeModule, type RuntimeModuleOptions } from './runtime.module';
export { exitOnBootFailure, runService, type RunServiceOptions } from './run-service';
export { bootService, type BootOptions } from './boot-service';
export { ApiError } from './api-error';
export { ApiErrorFilter } from './api-error.filter';
export { MalformedBodyError, acceptJsonBodies } from './json-body.parser';
