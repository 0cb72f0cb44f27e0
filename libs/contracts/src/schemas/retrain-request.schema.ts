/** A policy's decision that a model should be retrained on a given data range. */
export const retrainRequestSchema = {
  type: 'record',
  name: 'RetrainRequest',
  namespace: 'mlops.training',
  fields: [
    { name: 'request_id', type: 'string' },
    { name: 'model_name', type: 'string' },
    { name: 'policy', type: 'string' },
    { name: 'reason', type: 'string' },
    { name: 'alert_ids', type: { type: 'array', items: 'string' } },
    { name: 'data_start', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'data_end', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'requested_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
} as const;
