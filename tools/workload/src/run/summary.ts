import type { ScheduledDrift } from '../simulation/drift';
import type { SinkStats } from '../sinks/event-sink';
import type { PhaseCounters, RunStats } from './run-stats';

export type RunOutcome = 'completed' | 'interrupted' | 'failed';

export interface PhaseSummary {
  readonly label: string;
  /** First transaction index of the phase. */
  readonly startsAt: number;
  readonly transactions: number;
  /** Mean `amount` of all transactions, currencies as they are; null without transactions. */
  readonly meanAmount: number | null;
  readonly meanLegitimateAmount: number | null;
  readonly fraudRate: number | null;
  /** Share of transactions at categories that exist only after new-categories drift. */
  readonly newCategoryShare: number | null;
  /** Share of fraudulent transactions between 00:00 and 05:59 UTC. */
  readonly fraudAtNightShare: number | null;
  /** Share of fraudulent transactions that are card tests (tiny online probes). */
  readonly cardTestShare: number | null;
}

export interface WorkloadSummary {
  readonly runId: string;
  readonly seed: string;
  readonly target: string;
  readonly outcome: RunOutcome;
  readonly error?: string;
  readonly events: number;
  readonly transactions: number;
  readonly frauds: number;
  readonly fraudRate: number | null;
  readonly labels: number;
  readonly fraudLabels: number;
  readonly delivered: number;
  readonly retries: number;
  readonly duplicates: number;
  /** Simulated time of the first and last transaction (ISO 8601). */
  readonly simStart: string | null;
  readonly simEnd: string | null;
  /** Simulated time of the last label, usually well after the last transaction. */
  readonly lastLabelTime: string | null;
  readonly realSeconds: number;
  readonly achievedRate: number;
  readonly targetRate: number;
  readonly drifts: readonly { readonly drift: string; readonly startsAt: number; readonly reached: boolean }[];
  readonly phases: readonly PhaseSummary[];
}

export interface SummaryInput {
  readonly runId: string;
  readonly seed: string;
  /** Where the events went, e.g. `kafka events.transactions, labels.transactions`. */
  readonly target: string;
  readonly outcome: RunOutcome;
  readonly error?: string;
  readonly stats: RunStats;
  readonly sink: SinkStats;
  readonly realMs: number;
  readonly targetRate: number;
  readonly schedule: readonly ScheduledDrift[];
}

export function buildSummary(input: SummaryInput): WorkloadSummary {
  const { stats, sink } = input;
  const realSeconds = input.realMs / 1_000;
  return {
    runId: input.runId,
    seed: input.seed,
    target: input.target,
    outcome: input.outcome,
    ...(input.error === undefined ? {} : { error: input.error }),
    events: stats.events,
    transactions: stats.transactions,
    frauds: stats.frauds,
    fraudRate: ratio(stats.frauds, stats.transactions),
    labels: stats.labels,
    fraudLabels: stats.fraudLabels,
    delivered: sink.delivered,
    retries: sink.retries,
    duplicates: sink.duplicates,
    simStart: iso(stats.firstTransactionTime),
    simEnd: iso(stats.lastTransactionTime),
    lastLabelTime: iso(stats.lastLabelTime),
    realSeconds,
    achievedRate: realSeconds > 0 ? sink.delivered / realSeconds : 0,
    targetRate: input.targetRate,
    drifts: input.schedule.map((d) => ({ drift: d.token, startsAt: d.startsAt, reached: d.startsAt < stats.transactions })),
    phases: stats.timeline.phases.map((phase, i) => phaseSummary(phase.label, phase.startsAt, stats.phases[i])),
  };
}

function phaseSummary(label: string, startsAt: number, c: PhaseCounters | undefined): PhaseSummary {
  const n = c?.transactions ?? 0;
  return {
    label,
    startsAt,
    transactions: n,
    meanAmount: c ? ratio(c.amountSum, n) : null,
    meanLegitimateAmount: c ? ratio(c.legitimateAmountSum, c.legitimate) : null,
    fraudRate: c ? ratio(c.frauds, n) : null,
    newCategoryShare: c ? ratio(c.newCategory, n) : null,
    fraudAtNightShare: c ? ratio(c.fraudsAtNight, c.frauds) : null,
    cardTestShare: c ? ratio(c.cardTests, c.frauds) : null,
  };
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

const iso = (time: number | undefined): string | null => (time === undefined ? null : new Date(time).toISOString());
