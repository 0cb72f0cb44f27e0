/**
 * One feature view's values for one entity, computed as of one event. The order of `values`
 * is the view version's feature order, which is what models are trained on.
 */
export const featureVectorSchema = {
  type: 'record',
  name: 'FeatureVector',
  namespace: 'mlops.features',
  fields: [
    { name: 'event_id', type: 'string', doc: 'The event the vector was computed for.' },
    { name: 'view', type: 'string' },
    { name: 'view_version', type: 'int' },
    { name: 'entity_id', type: 'string' },
    { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'computed_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'values', type: { type: 'array', items: ['null', 'double'] }, doc: 'null = missing.' },
  ],
} as const;
