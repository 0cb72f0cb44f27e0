const versionOrNull = { type: ['null', 'string'], default: null } as const;

/**
 * A change in the model registry. Compacted topic keyed by `model_name`: every event carries the
 * model's complete alias state after the change, so the latest event per model is the whole truth.
 */
export const modelLifecycleSchema = {
  type: 'record',
  name: 'ModelLifecycle',
  namespace: 'mlops.models',
  fields: [
    { name: 'model_name', type: 'string' },
    { name: 'model_version', type: 'string', doc: 'The version the change is about.' },
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
    { name: 'champion', ...versionOrNull, doc: 'Champion version after the change.' },
    { name: 'challenger', ...versionOrNull, doc: 'Challenger version after the change.' },
    { name: 'shadow', ...versionOrNull, doc: 'Shadow version after the change.' },
    { name: 'challenger_traffic', type: 'double', default: 0, doc: 'Share of entities (0–1) the challenger serves.' },
  ],
} as const;
