import type { PhaseSummary, WorkloadSummary } from './summary';

const count = (n: number): string => n.toLocaleString('en-US');
const percent = (x: number | null, digits = 1): string => (x === null ? '–' : `${(x * 100).toFixed(digits)}%`);
const money = (x: number | null): string => (x === null ? '–' : x.toFixed(2));
const simTime = (iso: string | null): string => (iso === null ? '–' : iso.replace(/:\d\d\.\d{3}Z$/, 'Z').replace('T', ' '));

/** The human-readable end-of-run report (stdout). */
export function formatSummary(s: WorkloadSummary): string {
  const spanHours = s.simStart && s.simEnd ? (Date.parse(s.simEnd) - Date.parse(s.simStart)) / 3_600_000 : 0;
  const lines = [
    `workload run ${s.runId} (seed ${s.seed}) → ${s.target}: ${s.outcome}${s.error ? ` — ${s.error}` : ''}`,
    `  events        ${count(s.events)} generated, ${count(s.delivered)} delivered, ${count(s.retries)} retried requests` +
      (s.duplicates > 0 ? `, ${count(s.duplicates)} duplicates` : ''),
    `  transactions  ${count(s.transactions)}, of which fraud ${count(s.frauds)} (${percent(s.fraudRate, 2)})`,
    `  labels        ${count(s.labels)} (${count(s.fraudLabels)} chargebacks, ${count(s.labels - s.fraudLabels)} review/customer)`,
    `  simulated     ${simTime(s.simStart)} → ${simTime(s.simEnd)} (${spanHours.toFixed(1)} h); last label ${simTime(s.lastLabelTime)}`,
    `  real time     ${s.realSeconds.toFixed(1)} s, ${s.achievedRate.toFixed(1)} events/s achieved (target ${s.targetRate}/s)`,
    `  drift         ${s.drifts.length === 0 ? 'none' : s.drifts.map((d) => `${d.drift} → tx ${count(d.startsAt)}${d.reached ? '' : ' (not reached)'}`).join(', ')}`,
    '',
    ...phaseTable(s.phases),
  ];
  return lines.join('\n');
}

const columns: readonly { readonly title: string; readonly cell: (p: PhaseSummary) => string }[] = [
  { title: 'from tx', cell: (p) => count(p.startsAt) },
  { title: 'transactions', cell: (p) => count(p.transactions) },
  { title: 'mean amount', cell: (p) => money(p.meanAmount) },
  { title: 'legit mean', cell: (p) => money(p.meanLegitimateAmount) },
  { title: 'fraud rate', cell: (p) => percent(p.fraudRate, 2) },
  { title: 'new categories', cell: (p) => percent(p.newCategoryShare) },
  { title: 'fraud at night', cell: (p) => percent(p.fraudAtNightShare, 0) },
  { title: 'card tests', cell: (p) => percent(p.cardTestShare, 0) },
];

/** One row per drift phase, so each drift shows as a step in a column. */
function phaseTable(phases: readonly PhaseSummary[]): string[] {
  const rows = phases.map((p) => [p.label, ...columns.map((c) => c.cell(p))]);
  const header = ['phase', ...columns.map((c) => c.title)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: readonly string[]): string =>
    '  ' + cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [render(header), ...rows.map(render)];
}

export interface ProgressSnapshot {
  readonly elapsedMs: number;
  readonly delivered: number;
  readonly transactions: number;
  readonly frauds: number;
  readonly labels: number;
  readonly retries: number;
  readonly simTime: number;
  readonly phase: string;
}

/** The once-a-second progress line (stderr); the rate is over the interval since `previous`. */
export function formatProgress(now: ProgressSnapshot, previous: ProgressSnapshot | undefined): string {
  const dt = (now.elapsedMs - (previous?.elapsedMs ?? 0)) / 1_000;
  const rate = dt > 0 ? (now.delivered - (previous?.delivered ?? 0)) / dt : 0;
  return [
    `[workload ${(now.elapsedMs / 1_000).toFixed(0)}s] sent ${count(now.delivered)} (${rate.toFixed(0)}/s)`,
    `tx ${count(now.transactions)}`,
    `fraud ${count(now.frauds)}`,
    `labels ${count(now.labels)}`,
    `errors ${count(now.retries)}`,
    `sim ${simTime(new Date(now.simTime).toISOString())}`,
    `drift ${now.phase === 'baseline' ? 'none' : now.phase}`,
  ].join(' · ');
}
