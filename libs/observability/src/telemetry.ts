import { metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** OTLP/HTTP base URL, e.g. http://otel-collector:4318. Without it spans are still created and propagated, not exported. */
  readonly otlpEndpoint?: string | undefined;
  /** How often metrics are pushed. @default 10000 (ms) */
  readonly metricIntervalMs?: number;
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts tracing and metrics. Must run before Nest, Kafka or HTTP modules are imported so their
 * instrumentation hooks are in place; apps call it from `instrumentation.ts`.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const endpoint = options.otlpEndpoint?.replace(/\/+$/, '');
  const spanProcessors: SpanProcessor[] = endpoint ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))] : [];
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion ?? '0.1.0',
    }),
    spanProcessors,
    // Explicit empty lists: left out, the SDK falls back to OTLP exporters on localhost whose
    // failed flush holds up shutdown for seconds. Logs go to stdout as JSON, not through OTel.
    metricReaders: endpoint
      ? [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics` }),
            exportIntervalMillis: options.metricIntervalMs ?? 10_000,
          }),
        ]
      : [],
    logRecordProcessors: [],
    instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url?.startsWith('/health') ?? false })],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

export const meter = (name: string) => metrics.getMeter(name);
