import { bestF1Threshold, binaryMetrics, confusionAt, logLoss, rocAuc, type Label } from './metrics';

const labels = (...values: Label[]): Label[] => values;

describe(rocAuc.name, () => {
  it('is the share of positive/negative pairs ranked correctly', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], labels(0, 0, 1, 1))).toBeCloseTo(0.75, 12);
    expect(rocAuc([0.9, 0.8, 0.1], labels(1, 1, 0))).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9], labels(1, 1, 0))).toBe(0);
  });

  it('counts tied pairs as half', () => {
    // pairs (pos, neg): (0.5, 0.2) 1, (0.5, 0.5) ½, (0.9, 0.2) 1, (0.9, 0.5) 1 → 3.5 / 4
    expect(rocAuc([0.2, 0.5, 0.5, 0.9], labels(0, 1, 0, 1))).toBeCloseTo(0.875, 12);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], labels(0, 1, 0, 1))).toBeCloseTo(0.5, 12);
  });

  it('refuses a single class, where the AUC is undefined', () => {
    expect(() => rocAuc([0.1, 0.2], labels(1, 1))).toThrow('AUC needs both classes: 2 positives, 0 negatives');
  });
});

describe(confusionAt.name, () => {
  it('calls scores at or above the threshold positive', () => {
    const m = confusionAt([0.9, 0.6, 0.5, 0.4, 0.2, 0.7], labels(1, 0, 1, 1, 0, 0), 0.5);

    expect(m).toMatchObject({ truePositives: 2, falsePositives: 2, trueNegatives: 1, falseNegatives: 1, precision: 0.5 });
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.f1).toBeCloseTo(4 / 7, 12);
  });

  it('reports precision 0 (not NaN) when nothing is called positive', () => {
    expect(confusionAt([0.1, 0.2], labels(1, 0), 0.5)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe(logLoss.name, () => {
  it('is the mean negative log-likelihood, clipped away from 0 and 1', () => {
    expect(logLoss([0.8, 0.3], labels(1, 0))).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(logLoss([0], labels(1))).toBeCloseTo(-Math.log(1e-15), 6);
  });
});

describe(bestF1Threshold.name, () => {
  it('picks the cut with the best F1, halfway between the scores it separates', () => {
    // top 4 called positive: precision 3/4, recall 1 → F1 6/7, better than any other cut
    const best = bestF1Threshold([0.9, 0.8, 0.7, 0.6, 0.3, 0.2], labels(1, 1, 0, 1, 0, 0));

    expect(best.threshold).toBeCloseTo(0.45, 12);
    expect(best.f1).toBeCloseTo(6 / 7, 12);
  });

  it('never splits tied scores', () => {
    const best = bestF1Threshold([0.9, 0.5, 0.5, 0.1], labels(1, 1, 0, 0));

    expect(best.threshold).toBeCloseTo(0.3, 12);
  });
});

describe(binaryMetrics.name, () => {
  it('gathers rows, positives, base rate, AUC, log loss and the confusion at the threshold', () => {
    const m = binaryMetrics([0.9, 0.2, 0.6, 0.1], labels(1, 0, 0, 0), 0.5);

    expect(m).toMatchObject({ rows: 4, positives: 1, baseRate: 0.25, auc: 1, threshold: 0.5, precision: 0.5, recall: 1 });
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.9)) / 4, 12);
  });
});
