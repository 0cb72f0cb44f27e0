import { fitStandardizer, standardize } from './standardizer';

describe(fitStandardizer.name, () => {
  it('centers on the mean and scales by the population stddev of the present values', () => {
    const s = fitStandardizer(
      [
        [1, 5],
        [null, 5],
        [3, 5],
        [5, null],
      ],
      2,
    );

    expect(s.center).toEqual([3, 5]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    // No spread: scale 1, so the column standardizes to 0 instead of dividing by 0.
    expect(s.scale[1]).toBe(1);
  });

  it('gives a column without any value center 0 and scale 1', () => {
    expect(fitStandardizer([[null], [null]], 1)).toEqual({ center: [0], scale: [1] });
  });

  it('stays exact for large values close together', () => {
    const s = fitStandardizer([[1e9 + 1], [1e9 + 2], [1e9 + 3]], 1);

    expect(s.center).toEqual([1e9 + 2]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(2 / 3), 9);
  });
});

describe(standardize.name, () => {
  it('writes (x − center) / scale row-major, missing → 0', () => {
    expect(
      Array.from(
        standardize(
          [
            [4, null],
            [2, 8],
          ],
          { center: [2, 4], scale: [2, 2] },
        ),
      ),
    ).toEqual([1, 0, 0, 2]);
  });
});
