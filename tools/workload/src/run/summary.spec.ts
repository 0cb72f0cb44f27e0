import { parseDriftSchedule } from '../simulation/drift';
import { WorkloadGenerator } from '../simulation/generator';
import { formatProgress, formatSummary } from './format';
import { RunStats } from './run-stats';
import { buildSummary, type WorkloadSummary } from './summary';

function summarize(schedule: string, transactions = 20_000): WorkloadSummary {
  const generator = new WorkloadGenerator({ runId: 'spec', seed: 5, transactions, meanGapMs: 30_000, drift: parseDriftSchedule(schedule) });
  const stats = new RunStats(generator.timeline);
  for (const event of generator) stats.record(event);
  return buildSummary({
    runId: 'spec',
    seed: '5',
    target: 'kafka events.transactions, labels.transactions',
    outcome: 'completed',
    stats,
    sink: { delivered: stats.events, retries: 0, duplicates: 0 },
    realMs: 10_000,
    targetRate: 200,
    schedule: generator.timeline.schedule,
  });
}

describe(buildSummary.name, () => {
  const summary = summarize('covariate:2.0@0.25,new-categories@0.5,concept@0.75');
  const [baseline, covariate, newCategories, concept] = summary.phases;

  it('counts events, transactions, frauds and labels', () => {
    expect(summary.transactions).toBe(20_000);
    expect(summary.events).toBe(summary.transactions + summary.labels);
    expect(summary.fraudLabels).toBe(summary.frauds); // every fraud got its chargeback
    expect(summary.fraudRate).toBeGreaterThan(0.005);
    expect(summary.achievedRate).toBeCloseTo(summary.events / 10, 6);
    expect(Date.parse(summary.lastLabelTime ?? '')).toBeGreaterThan(Date.parse(summary.simEnd ?? ''));
  });

  it('makes each drift visible as a step in its phase statistics', () => {
    expect(summary.phases.map((p) => [p.label, p.startsAt, p.transactions])).toEqual([
      ['baseline', 0, 5_000],
      ['covariate', 5_000, 5_000],
      ['covariate+new-categories', 10_000, 5_000],
      ['covariate+new-categories+concept', 15_000, 5_000],
    ]);
    expect((covariate?.meanLegitimateAmount ?? 0) / (baseline?.meanLegitimateAmount ?? 1)).toBeGreaterThan(1.7);
    expect(baseline?.newCategoryShare).toBe(0);
    expect(newCategories?.newCategoryShare).toBeGreaterThan(0.1);
    expect(concept?.cardTestShare).toBeLessThan((newCategories?.cardTestShare ?? 0) / 2);
    expect(concept?.fraudAtNightShare).toBeLessThan(baseline?.fraudAtNightShare ?? 0);
  });

  it('marks a drift placed beyond the run as not reached', () => {
    const short = summarize('concept@50000', 1_000);
    expect(short.drifts).toEqual([{ drift: 'concept@50000', startsAt: 50_000, reached: false }]);
    expect(short.phases.at(-1)?.transactions).toBe(0);
    expect(short.phases.at(-1)?.meanAmount).toBeNull();
  });
});

describe(formatSummary.name, () => {
  it('prints the totals, the drift schedule and one row per phase', () => {
    const text = formatSummary(summarize('covariate@0.5', 2_000));
    expect(text).toMatch(/^workload run spec \(seed 5\) → kafka events\.transactions, labels\.transactions: completed/);
    expect(text).toMatch(/transactions {2}2,000, of which fraud \d+ \(\d+\.\d\d%\)/);
    expect(text).toContain('drift         covariate@0.5 → tx 1,000');
    expect(text).toMatch(/\n {2}phase +from tx +transactions +mean amount/);
    expect(text).toMatch(/\n {2}baseline +0 +1,000 /);
    expect(text).toMatch(/\n {2}covariate +1,000 +1,000 /);
  });
});

describe(formatProgress.name, () => {
  it('shows what was sent, the rate over the last interval, counts, sim time and drift', () => {
    const previous = {
      elapsedMs: 1_000,
      delivered: 200,
      transactions: 190,
      frauds: 2,
      labels: 10,
      retries: 0,
      simTime: 0,
      phase: 'baseline',
    };
    const now = {
      ...previous,
      elapsedMs: 2_000,
      delivered: 401,
      transactions: 380,
      frauds: 5,
      labels: 21,
      simTime: Date.UTC(2026, 0, 1, 3, 4),
      phase: 'covariate',
    };
    expect(formatProgress(now, previous)).toBe(
      '[workload 2s] sent 401 (201/s) · tx 380 · fraud 5 · labels 21 · errors 0 · sim 2026-01-01 03:04Z · drift covariate',
    );
    expect(formatProgress(previous, undefined)).toContain('drift none');
  });
});
