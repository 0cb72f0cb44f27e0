import type { FeatureVector } from '@mlops/contracts';
import { userTransactionsV1 } from '@mlops/features';
import { vectorProblems } from './vector-problems';

const WIDTH = userTransactionsV1.outputNames.length;

const vector = (overrides: Partial<FeatureVector> = {}): FeatureVector => ({
  event_id: 'tx-1',
  view: userTransactionsV1.name,
  view_version: userTransactionsV1.version,
  entity_id: 'u-1',
  event_time: 1_767_225_600_000,
  computed_at: 1_767_225_600_010,
  values: Array.from({ length: WIDTH }, (_, i) => (i % 4 === 0 ? null : i * 0.5)),
  ...overrides,
});

describe(vectorProblems.name, () => {
  it('finds nothing wrong with a complete vector, missing values included', () => {
    expect(vectorProblems(vector())).toEqual([]);
    expect(vectorProblems(vector({ values: new Array<null>(WIDTH).fill(null) }))).toEqual([]);
  });

  it('reports empty ids', () => {
    expect(vectorProblems(vector({ event_id: '', entity_id: '' }))).toEqual(['event_id: empty', 'entity_id: empty']);
  });

  it('reports a length that is not the view version’s', () => {
    expect(vectorProblems(vector({ values: [1, 2, 3] }))).toEqual([`values: 3 values, user_transactions v1 has ${WIDTH} features`]);
  });

  it('reports every value that is not a finite number, by position', () => {
    const values = vector().values.map((v, i) =>
      i === 1 ? Number.NaN : i === 2 ? Number.POSITIVE_INFINITY : i === 3 ? Number.NEGATIVE_INFINITY : v,
    );

    expect(vectorProblems(vector({ values }))).toEqual([
      'values[1]: NaN is not a finite number',
      'values[2]: Infinity is not a finite number',
      'values[3]: -Infinity is not a finite number',
    ]);
  });

  it('does not judge the length of vectors of views this build does not define, but still their values', () => {
    expect(vectorProblems(vector({ view: 'card_spend', view_version: 2, values: [1, null] }))).toEqual([]);
    expect(vectorProblems(vector({ view: 'user_transactions', view_version: 9, values: [Number.NaN] }))).toEqual([
      'values[0]: NaN is not a finite number',
    ]);
  });

  it('lists every problem at once', () => {
    expect(vectorProblems(vector({ event_id: '', values: [Number.NaN] }))).toEqual([
      'event_id: empty',
      `values: 1 values, user_transactions v1 has ${WIDTH} features`,
      'values[0]: NaN is not a finite number',
    ]);
  });
});
