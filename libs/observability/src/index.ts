export { NestJsonLogger, createLogger, type Logger } from './logger';
export { meter, startTelemetry, type Telemetry, type TelemetryOptions } from './telemetry';
export { extractTraceContext, injectTraceHeaders, type MessageHeaders } from './trace-headers';
export { withTimeout, type HealthCheck } from './health-check';
export { LOGGER } from './tokens';
