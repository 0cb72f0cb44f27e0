import type { TrainerSummary } from './trainer';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The lines an operator reads after a run. */
export function formatSummary(s: TrainerSummary): string {
  const h = s.holdout;
  const lines = [
    `trained ${s.model} on ${s.view}: ${s.rows} rows, ${s.positives} positives (${s.trainRows} train, ${h.rows} holdout)`,
    `  solver            ${s.iterations} Newton steps${s.converged ? ', converged' : ', NOT converged (raise --iterations)'}`,
    `  holdout           AUC ${h.auc.toFixed(4)}, log loss ${h.logLoss.toFixed(4)}, base rate ${pct(h.baseRate)} (${h.positives} positives)`,
    `  at threshold ${h.threshold.toPrecision(4)}  precision ${pct(h.precision)}, recall ${pct(h.recall)}, F1 ${h.f1.toFixed(4)} ` +
      `(tp ${h.truePositives}, fp ${h.falsePositives}, fn ${h.falseNegatives})`,
    `  onnx check        max |onnx − js| on the holdout ${s.maxOnnxDifference.toExponential(2)}`,
    `  artifact          ${s.artifact.path} (${s.artifact.bytes} bytes, sha256 ${s.artifact.sha256})`,
    `  card              ${s.card} (code ${s.codeRevision})`,
  ];
  if (s.registered) {
    const alias = s.registered.alias
      ? `, ${s.registered.alias}${s.registered.traffic === undefined ? '' : ` at traffic ${s.registered.traffic}`}`
      : '';
    lines.push(`  registered        version ${s.registered.version} at ${s.registered.url}${alias}`);
  } else {
    lines.push('  registered        no (give --register URL)');
  }
  return `${lines.join('\n')}\n`;
}
