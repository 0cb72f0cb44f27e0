import { defineFeatureView, feature, type FeatureView } from '@mlops/features';

/**
 * A view as wide as the one in Feast's published serving benchmark (50 features): the user's 50
 * previous amounts. Only served with `FEATURE_STORE_EXTRA_VIEWS=bench`; no stream computes it, the
 * benchmark writes its vectors straight into Redis.
 */
export const benchWideV1: FeatureView = defineFeatureView({
  name: 'bench_wide',
  version: 1,
  entity: 'user',
  keyField: 'user_id',
  source: 'transactions',
  ttl: '30d',
  features: [feature.lastN('amount_lag', 'amount', 50)],
});

/** Names accepted by `FEATURE_STORE_EXTRA_VIEWS`. */
export const ExtraViewSets = ['bench'] as const;
export type ExtraViewSet = (typeof ExtraViewSets)[number];

const viewsOf: Record<ExtraViewSet, readonly FeatureView[]> = { bench: [benchWideV1] };

export const extraViews = (sets: readonly ExtraViewSet[]): FeatureView[] => sets.flatMap((set) => viewsOf[set]);
