import type { ExtraViewSet } from './views/extra-views';

/** feature-store's own limits and switches, from its environment (see feature-store.config.ts). */
export interface FeatureStoreSettings {
  /** Most entities in one `POST /v1/features/:view/lookup`. @default 1000 */
  readonly maxEntities: number;
  /** View sets served on top of the bundled `FeatureViews`, e.g. `bench` (a 50-feature view for benchmarks). @default none */
  readonly extraViews: readonly ExtraViewSet[];
  /** Partitions of the feature topics materialized at once. @default 3 */
  readonly partitionsConsumedConcurrently: number;
}

export const FEATURE_STORE_SETTINGS = Symbol('FEATURE_STORE_SETTINGS');
