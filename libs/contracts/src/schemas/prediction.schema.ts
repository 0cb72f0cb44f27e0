/** A model's score for one feature vector. Keyed by `entity_id`. */
export const predictionSchema = {
  type: 'record',
  name: 'Prediction',
  namespace: 'mlops.predictions',
  fields: [
    { name: 'event_id', type: 'string' },
    { name: 'entity_id', type: 'string' },
    { name: 'model_name', type: 'string' },
    { name: 'model_version', type: 'string' },
    { name: 'variant', type: { type: 'enum', name: 'Variant', symbols: ['champion', 'challenger', 'shadow'] } },
    { name: 'score', type: 'double' },
    { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'predicted_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'latency_ms', type: 'double', doc: 'Feature vector received → score ready.' },
  ],
} as const;
