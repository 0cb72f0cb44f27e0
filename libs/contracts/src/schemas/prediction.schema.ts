/**
 * A model's score for one feature vector. Keyed by `entity_id`. Served predictions (champion, or
 * challenger for its canary share) go to `predictions.<model>`; shadow predictions only to
 * `predictions.<model>.shadow`.
 */
export const predictionSchema = {
  type: 'record',
  name: 'Prediction',
  namespace: 'mlops.predictions',
  fields: [
    { name: 'event_id', type: 'string', doc: 'The scored event (stream) or request id (online).' },
    { name: 'entity_id', type: 'string' },
    { name: 'model_name', type: 'string' },
    { name: 'model_version', type: 'string' },
    { name: 'variant', type: { type: 'enum', name: 'Variant', symbols: ['champion', 'challenger', 'shadow'] } },
    { name: 'score', type: 'double' },
    { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'predicted_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'latency_ms', type: 'double', doc: 'Feature vector received → score ready.' },
    {
      name: 'source',
      type: { type: 'enum', name: 'PredictionSource', symbols: ['stream', 'request'] },
      default: 'stream',
      doc: 'A feature event scored in the stream, or a POST /v1/predict request.',
    },
    {
      name: 'features',
      type: { type: 'array', items: ['null', 'double'] },
      default: [],
      doc: "The model's inputs in its card's order (null = missing), kept for the prediction log and drift.",
    },
  ],
} as const;
