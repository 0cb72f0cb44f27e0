/** Ground truth for a transaction, often days later (chargebacks). Keyed by `user_id`. */
export const labelSchema = {
  type: 'record',
  name: 'Label',
  namespace: 'mlops.events',
  fields: [
    { name: 'event_id', type: 'string', doc: 'The labelled transaction.' },
    { name: 'user_id', type: 'string' },
    { name: 'label_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'is_fraud', type: 'boolean' },
    { name: 'source', type: { type: 'enum', name: 'LabelSource', symbols: ['chargeback', 'review', 'customer'] } },
  ],
} as const;
