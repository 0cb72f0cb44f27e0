/** Per column: what is subtracted (and what a missing value becomes) and what the result is divided by. */
export interface Standardizer {
  readonly center: readonly number[];
  readonly scale: readonly number[];
}

/**
 * Center = mean and scale = population standard deviation of each column's present values. A
 * column with no spread (or no values) gets scale 1 and, without values, center 0: it then
 * standardizes to 0 and cannot move the score.
 */
export function fitStandardizer(rows: readonly (readonly (number | null)[])[], width: number): Standardizer {
  const center: number[] = [];
  const scale: number[] = [];
  for (let c = 0; c < width; c += 1) {
    let n = 0;
    let mean = 0;
    let m2 = 0;
    for (const row of rows) {
      const x = row[c];
      if (x === null || x === undefined) continue;
      // Welford: stable for large values such as seconds since the last transaction.
      n += 1;
      const delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
    }
    const stddev = n === 0 ? 0 : Math.sqrt(m2 / n);
    center.push(n === 0 ? 0 : mean);
    scale.push(stddev > 0 && Number.isFinite(stddev) ? stddev : 1);
  }
  return { center, scale };
}

/** Rows as one row-major matrix of standardized values; missing → 0 (the center). */
export function standardize(rows: readonly (readonly (number | null)[])[], standardizer: Standardizer): Float64Array {
  const width = standardizer.center.length;
  const matrix = new Float64Array(rows.length * width);
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c += 1) {
      const x = row[c];
      matrix[r * width + c] =
        x === null || x === undefined ? 0 : (x - (standardizer.center[c] as number)) / (standardizer.scale[c] as number);
    }
  });
  return matrix;
}
