import type { ConsistencyReport } from './consistency';
import { describeTolerance, formatConsistencyReport } from './consistency-report';

const base: ConsistencyReport = {
  view: 'user_transactions',
  version: 1,
  database: 'mlops',
  topic: 'events.transactions',
  exactLogOrder: true,
  outputNames: ['tx_count_10m', 'amount_sum_1h'],
  archivedEvents: 12,
  entities: 3,
  replay: { applied: 10, replayed: 1, tooLate: 1 },
  notes: [],
  tolerance: 0,
  counts: { online: 10, offline: 10, matched: 10, onlyOnline: 0, onlyOffline: 0, equal: 10, different: 0 },
  features: [],
  shapeMismatches: { count: 0, examples: [] },
  onlyOnlineExamples: [],
  onlyOfflineExamples: [],
  ok: true,
};

describe(formatConsistencyReport.name, () => {
  it('prints the counts, the tolerance and the verdict of an agreeing check', () => {
    expect(formatConsistencyReport(base).split('\n')).toEqual([
      'consistency of user_transactions v1 in mlops (events of events.transactions, in log order)',
      '  float tolerance: exact (bit-equal; 0 and -0 equal)',
      '  archived events: 12 of 3 entities; offline replay: 10 applied, 1 replayed, 1 too late',
      '  vectors: online 10, offline 10, matched 10, only online 0, only offline 0',
      '  matched vectors equal: 10 (100.000%), different: 0',
      'OK: online and offline vectors agree',
    ]);
  });

  it('names each mismatching feature with its examples, the unmatched events and the notes', () => {
    const report: ConsistencyReport = {
      ...base,
      counts: { online: 10, offline: 9, matched: 9, onlyOnline: 1, onlyOffline: 0, equal: 8, different: 1 },
      features: [
        {
          feature: 'amount_sum_1h',
          index: 1,
          count: 1,
          nullMismatches: 0,
          maxAbsDiff: 0.5,
          maxUlps: 1_125_899_906_842_624,
          examples: [{ entity_id: 'u1', event_id: 'tx-7', event_time: Date.UTC(2026, 0, 1), online: 10.5, offline: 10 }],
        },
      ],
      onlyOnlineExamples: ['tx-9'],
      notes: ['a caveat'],
      exactLogOrder: false,
      ok: false,
    };

    const text = formatConsistencyReport(report);

    expect(text).toContain('(events of events.transactions, partitions merged by event time)');
    expect(text).toContain('  matched vectors equal: 8 (88.889%), different: 1');
    expect(text).toContain(
      '  mismatches per feature (1 of 2 features):\n    amount_sum_1h [1]: 1 events, max abs diff 0.5, max 1125899906842624 ulp, 0 null vs number',
    );
    expect(text).toContain('      u1 tx-7 @ 2026-01-01T00:00:00.000Z: online 10.5, offline 10');
    expect(text).toContain('  only online, e.g.: tx-9');
    expect(text).toContain('  note: a caveat');
    expect(text.split('\n').at(-1)).toBe('MISMATCH: online and offline vectors differ');
  });
});

describe(describeTolerance.name, () => {
  it('describes a relative tolerance', () => {
    expect(describeTolerance(1e-9)).toBe('1e-9 × max(1, |online|, |offline|)');
  });
});
