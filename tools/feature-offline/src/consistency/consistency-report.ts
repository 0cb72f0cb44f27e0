import type { ConsistencyReport } from './consistency';

const percent = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(3)}%`);
const value = (v: number | null): string => (v === null ? 'null' : String(v));
const time = (ms: number): string => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms));

/** The tolerance as read by a person. */
export function describeTolerance(tolerance: number): string {
  return tolerance === 0 ? 'exact (bit-equal; 0 and -0 equal)' : `${tolerance} × max(1, |online|, |offline|)`;
}

/** The report as text for a terminal: counts, then every mismatching feature with examples. */
export function formatConsistencyReport(report: ConsistencyReport): string {
  const { counts } = report;
  const lines = [
    `consistency of ${report.view} v${report.version} in ${report.database} ` +
      `(events of ${report.topic}, ${report.exactLogOrder ? 'in log order' : 'partitions merged by event time'})`,
    `  float tolerance: ${describeTolerance(report.tolerance)}`,
    `  archived events: ${report.archivedEvents} of ${report.entities} entities; offline replay: ` +
      `${report.replay.applied} applied, ${report.replay.replayed} replayed, ${report.replay.tooLate} too late`,
    `  vectors: online ${counts.online}, offline ${counts.offline}, matched ${counts.matched}, ` +
      `only online ${counts.onlyOnline}, only offline ${counts.onlyOffline}`,
    `  matched vectors equal: ${counts.equal} (${percent(counts.equal, counts.matched)}), different: ${counts.different}`,
  ];
  if (report.features.length > 0) {
    lines.push(`  mismatches per feature (${report.features.length} of ${report.outputNames.length} features):`);
    for (const f of report.features) {
      lines.push(
        `    ${f.feature} [${f.index}]: ${f.count} events, max abs diff ${f.maxAbsDiff}, max ${f.maxUlps} ulp, ${f.nullMismatches} null vs number`,
      );
      for (const e of f.examples) {
        lines.push(`      ${e.entity_id} ${e.event_id} @ ${time(e.event_time)}: online ${value(e.online)}, offline ${value(e.offline)}`);
      }
    }
  }
  if (report.shapeMismatches.count > 0) {
    lines.push(`  vectors of another length, entity or event time: ${report.shapeMismatches.count}`);
    for (const s of report.shapeMismatches.examples)
      lines.push(`    ${s.event_id}: online ${JSON.stringify(s.online)}, offline ${JSON.stringify(s.offline)}`);
  }
  if (counts.onlyOnline > 0) lines.push(`  only online, e.g.: ${report.onlyOnlineExamples.join(', ')}`);
  if (counts.onlyOffline > 0) lines.push(`  only offline, e.g.: ${report.onlyOfflineExamples.join(', ')}`);
  for (const note of report.notes) lines.push(`  note: ${note}`);
  lines.push(report.ok ? 'OK: online and offline vectors agree' : 'MISMATCH: online and offline vectors differ');
  return lines.join('\n');
}
