/** A change in the model registry. Compacted topic keyed by `model_name`. */
export const modelLifecycleSchema = {
  type: 'record',
  name: 'ModelLifecycle',
  namespace: 'mlops.models',
  fields: [
    { name: 'model_name', type: 'string' },
    { name: 'model_version', type: 'string' },
    {
      name: 'action',
      type: { type: 'enum', name: 'LifecycleAction', symbols: ['registered', 'promoted', 'demoted', 'rolled_back', 'archived'] },
    },
    { name: 'alias', type: ['null', { type: 'enum', name: 'Alias', symbols: ['champion', 'challenger', 'shadow'] }], default: null },
    { name: 'artifact_uri', type: 'string' },
    { name: 'artifact_sha256', type: 'string' },
    { name: 'occurred_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'actor', type: 'string' },
    { name: 'reason', type: ['null', 'string'], default: null },
  ],
} as const;
