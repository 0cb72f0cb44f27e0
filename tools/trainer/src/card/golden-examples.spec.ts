import type { LabelledExample } from '../training-set/labelled-examples';
import { pickGoldenExamples } from './golden-examples';

const row = (i: number, label: 0 | 1, missing = false): LabelledExample => ({
  entityId: 'u',
  eventId: `tx-${i}`,
  timestamp: i,
  label,
  values: [i, missing ? null : 1],
});

describe(pickGoldenExamples.name, () => {
  it('keeps 8 rows: some with missing values, some positives, the rest spread over the holdout', () => {
    const holdout = Array.from({ length: 100 }, (_, i) => row(i, i % 10 === 3 ? 1 : 0, i % 25 === 7));

    const picked = pickGoldenExamples(holdout);

    expect(picked).toHaveLength(8);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
    expect(new Set(picked).size).toBe(8);
    expect(picked.filter((i) => holdout[i]?.values.includes(null)).length).toBeGreaterThanOrEqual(3);
    expect(picked.filter((i) => holdout[i]?.label === 1).length).toBeGreaterThanOrEqual(2);
    expect(picked).toContain(0);
    expect(picked).toContain(99);
  });

  it('is deterministic', () => {
    const holdout = Array.from({ length: 37 }, (_, i) => row(i, i % 4 === 0 ? 1 : 0, i % 5 === 0));

    expect(pickGoldenExamples(holdout)).toEqual(pickGoldenExamples(holdout));
  });

  it('keeps every row of a small holdout', () => {
    expect(pickGoldenExamples([row(0, 1), row(1, 0, true), row(2, 0)])).toEqual([0, 1, 2]);
  });
});
