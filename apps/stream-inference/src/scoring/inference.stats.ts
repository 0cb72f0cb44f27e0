import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('stream-inference');
const instruments = {
  predictions: meter.createCounter('inference.predictions', { description: 'Predictions produced, by model, version and variant' }),
  unscored: meter.createCounter('inference.vectors.unscored', { description: 'Vectors of a served view while the model had no champion' }),
  latency: meter.createHistogram('inference.latency', { unit: 'ms', description: 'Vector received → score ready' }),
};

/** Counts since start for `GET /v1/inference/status`, tests and the demo; mirrored as OpenTelemetry metrics. */
export class InferenceStats {
  readonly predictions: Record<string, number> = {};
  vectors = 0;
  unscored = 0;
  onlineRequests = 0;

  predicted(model: string, version: string, variant: string, count: number, latencyMs: number): void {
    const key = `${model}/${variant}/v${version}`;
    this.predictions[key] = (this.predictions[key] ?? 0) + count;
    instruments.predictions.add(count, { model, version, variant });
    instruments.latency.record(latencyMs, { model, variant });
  }

  noModel(model: string, count: number): void {
    this.unscored += count;
    instruments.unscored.add(count, { model });
  }
}
