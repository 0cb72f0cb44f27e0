import type { FeatureVector } from '@mlops/contracts';
import { merchantTransactionsV1 } from '@mlops/features';
import { ViewRegistry } from '../views/view-registry';
import { featureVectorProblems } from './feature-vector.validation';

const registry = new ViewRegistry([merchantTransactionsV1]);
const vector = (overrides: Partial<FeatureVector> = {}): FeatureVector => ({
  event_id: 'e1',
  view: 'merchant_transactions',
  view_version: 1,
  entity_id: 'm1',
  event_time: 1_767_225_600_000,
  computed_at: 1_767_225_600_010,
  values: [1, 2, 3, 4.5, null, 6, 7, 8],
  ...overrides,
});

describe(featureVectorProblems.name, () => {
  it('accepts a vector of a served view version with one value per feature, nulls included', () => {
    expect(featureVectorProblems(registry, vector())).toEqual([]);
  });

  it('refuses an unknown view, naming the known ones', () => {
    expect(featureVectorProblems(registry, vector({ view: 'devices' }))).toEqual([
      'unknown feature view "devices"; known: merchant_transactions',
    ]);
  });

  it('refuses an unknown version of a known view', () => {
    expect(featureVectorProblems(registry, vector({ view_version: 2 }))).toEqual([
      'feature view "merchant_transactions" has no version 2; known: 1',
    ]);
  });

  it('refuses a vector whose length differs from the view version', () => {
    expect(featureVectorProblems(registry, vector({ values: [1, 2, 3] }))).toEqual([
      '3 values, but merchant_transactions v1 has 8 features',
    ]);
  });

  it('refuses values that could not be served as computed, and impossible times and ids', () => {
    expect(
      featureVectorProblems(
        registry,
        vector({ values: [1, 2, Infinity, 4, 5, NaN, 7, 8], entity_id: '', event_time: -1, computed_at: NaN }),
      ),
    ).toEqual([
      'entity_id is empty',
      'event_time -1 is not a time',
      'computed_at NaN is not a time',
      'values[2] is Infinity; expected a finite number or null',
    ]);
  });
});
