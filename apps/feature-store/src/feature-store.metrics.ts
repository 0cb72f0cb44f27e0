import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('feature-store');

/** The feature store's instruments; attributes are `operation` (get, lookup, vector) and `view`. */
export const FeatureStoreMetrics = {
  lookupDuration: meter.createHistogram('feature_store.lookup.duration', {
    unit: 'ms',
    description: 'Request parsed to answer composed: Redis round trip and reading the asked values',
  }),
  lookupEntities: meter.createCounter('feature_store.lookup.entities', { description: 'Entities looked up, by status' }),
  freshnessFromComputed: meter.createHistogram('feature_store.freshness.since_computed', {
    unit: 'ms',
    description: 'Vector computed by the stream (computed_at) → visible in Redis',
  }),
  freshnessFromEvent: meter.createHistogram('feature_store.freshness.since_event', {
    unit: 'ms',
    description: 'Event time of the vector → visible in Redis',
  }),
  staleVectors: meter.createCounter('feature_store.vectors.stale', {
    description: 'Vectors not written because Redis already held a newer one for the entity',
  }),
};
