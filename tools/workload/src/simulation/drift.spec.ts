import { DriftDefaults, DriftScheduleError, NoDrift, applyDrifts, parseDriftSchedule, resolveDriftSchedule } from './drift';
import { DriftTimeline } from './drift-timeline';

function parseError(text: string): DriftScheduleError {
  try {
    parseDriftSchedule(text);
  } catch (error) {
    if (error instanceof DriftScheduleError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe(parseDriftSchedule.name, () => {
  it('reads fractions of the run and transaction indexes, with default values', () => {
    expect(parseDriftSchedule('covariate@0.3, new-categories@0.5,concept@20000')).toEqual([
      { kind: 'covariate', value: DriftDefaults.covariateFactor, position: { fraction: 0.3 }, token: 'covariate@0.3' },
      { kind: 'new-categories', value: DriftDefaults.newCategoryShare, position: { fraction: 0.5 }, token: 'new-categories@0.5' },
      { kind: 'concept', value: 0, position: { index: 20_000 }, token: 'concept@20000' },
    ]);
  });

  it('reads a covariate factor and a new-categories share', () => {
    expect(parseDriftSchedule('covariate:2.0@0.3,new-categories:0.25@1.0').map((d) => d.value)).toEqual([2, 0.25]);
  });

  it('reads an empty schedule as no drift', () => {
    expect(parseDriftSchedule('')).toEqual([]);
    expect(parseDriftSchedule(' , ')).toEqual([]);
  });

  it.each([
    ['covariate', /expected kind\[:value\]@position/],
    ['seasonal@0.3', /unknown kind "seasonal"/],
    ['covariate@x', /position must be a fraction/],
    ['covariate@1.5', /position must be a fraction/],
    ['covariate@-3', /position must be a fraction/],
    ['covariate:abc@0.3', /amount factor must be a positive number/],
    ['covariate:0@0.3', /amount factor must be a positive number/],
    ['covariate:@0.3', /amount factor must be a positive number/],
    ['new-categories:1.5@0.3', /share must be a number in \(0, 1\]/],
    ['concept:2@0.3', /concept takes no value/],
  ])('refuses %j among valid entries, naming it', (token, reason) => {
    const error = parseError(`concept@0.9, ${token}`);
    expect(error.token).toBe(token);
    expect(error.message).toContain(`"${token}"`);
    expect(error.message).toMatch(reason);
  });

  it('refuses a kind scheduled twice, naming the second entry', () => {
    const error = parseError('covariate@0.2,covariate:2@0.6');
    expect(error.message).toBe('invalid drift "covariate:2@0.6": covariate is already scheduled');
  });
});

describe(resolveDriftSchedule.name, () => {
  it('places fractions on transaction indexes of the run and sorts by start', () => {
    const schedule = resolveDriftSchedule(parseDriftSchedule('concept@0.7,covariate@150'), 1_000);
    expect(schedule.map((d) => [d.kind, d.startsAt])).toEqual([
      ['covariate', 150],
      ['concept', 700],
    ]);
  });
});

describe(applyDrifts.name, () => {
  it('combines the drifts in force', () => {
    expect(applyDrifts([])).toEqual(NoDrift);
    expect(applyDrifts(parseDriftSchedule('covariate:2@0.1,new-categories:0.3@0.2,concept@0.3'))).toEqual({
      amountFactor: 2,
      newCategoryShare: 0.3,
      fraudPattern: 'account-takeover',
      active: ['covariate', 'new-categories', 'concept'],
    });
  });
});

describe(DriftTimeline.name, () => {
  const timeline = new DriftTimeline(resolveDriftSchedule(parseDriftSchedule('covariate@0.25,concept@0.5,new-categories@500'), 1_000));

  it('cuts the run into phases at each start, merging drifts that start together', () => {
    expect(timeline.phases.map((p) => [p.label, p.startsAt])).toEqual([
      ['baseline', 0],
      ['covariate', 250],
      ['covariate+concept+new-categories', 500],
    ]);
  });

  it('finds the phase of a transaction index', () => {
    expect([0, 249, 250, 499, 500, 10_000].map((seq) => timeline.phaseAt(seq).index)).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('has a single baseline phase without drift, and no baseline when a drift starts at 0', () => {
    expect(new DriftTimeline([]).phases.map((p) => p.label)).toEqual(['baseline']);
    const fromStart = new DriftTimeline(resolveDriftSchedule(parseDriftSchedule('covariate@0'), 100));
    expect(fromStart.phases.map((p) => p.label)).toEqual(['covariate']);
  });
});
