import { formatSummary } from './summary';
import type { TrainerSummary } from './trainer';

const summary: TrainerSummary = {
  model: 'card_fraud',
  view: 'user_transactions v1',
  rows: 1_000,
  positives: 150,
  trainRows: 800,
  holdout: {
    rows: 200,
    positives: 30,
    baseRate: 0.15,
    auc: 0.91234,
    logLoss: 0.25,
    threshold: 0.5,
    truePositives: 21,
    falsePositives: 7,
    trueNegatives: 163,
    falseNegatives: 9,
    precision: 0.75,
    recall: 0.7,
    f1: 0.7241,
  },
  iterations: 8,
  converged: true,
  maxOnnxDifference: 2e-7,
  artifact: { path: '/models/model.onnx', sha256: 'ab'.repeat(32), bytes: 901 },
  card: '/models/card.json',
  codeRevision: 'abc',
};

describe(formatSummary.name, () => {
  it('shows rows, holdout AUC, precision and recall, the artifact and its digest', () => {
    const text = formatSummary(summary);

    expect(text).toContain('1000 rows, 150 positives (800 train, 200 holdout)');
    expect(text).toContain('AUC 0.9123');
    expect(text).toContain('precision 75.0%, recall 70.0%');
    expect(text).toContain(`/models/model.onnx (901 bytes, sha256 ${'ab'.repeat(32)})`);
    expect(text).toContain('registered        no');
  });

  it('shows the registered version and its alias', () => {
    const text = formatSummary({ ...summary, registered: { url: 'http://r', version: '4', alias: 'challenger', traffic: 0.1 } });

    expect(text).toContain('version 4 at http://r, challenger at traffic 0.1');
  });
});
