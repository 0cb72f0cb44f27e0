import { startTelemetry } from '@mlops/observability';

/** Started before Nest, Kafka and HTTP modules load, so their calls are traced. */
export const telemetry = startTelemetry({ serviceName: 'feature-store', otlpEndpoint: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] });
