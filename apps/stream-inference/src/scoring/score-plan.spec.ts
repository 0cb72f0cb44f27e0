import type { ModelCard } from '@mlops/model-registry';
import type { OnnxScorer } from '@mlops/onnx';
import { entityBucket, servedByChallenger } from '../models/canary';
import type { LoadedModel } from '../models/loaded-model';
import type { Routing } from '../models/serving-models.service';
import { inputRows, planRuns, rowInputs, type ScorableVector, type ScoreRun } from './score-plan';

const USER_V1 = { view: 'user_transactions', version: 1 };

/** A loaded version as planning sees it: planRuns never calls the scorer. */
const loaded = (version: string, stream: LoadedModel['stream'] = { ...USER_V1, indexes: [0, 1, 2] }): LoadedModel => ({
  name: 'card_fraud',
  version,
  card: { name: 'card_fraud', version } as ModelCard,
  scorer: {} as OnnxScorer,
  stream,
  loadedAt: 0,
  loadMs: 0,
});

/** A version whose inputs span views: no feature stream carries all of them. */
const unstreamed = (version: string): LoadedModel => ({ ...loaded(version), stream: undefined });

const routing = (overrides: Partial<Routing> = {}): Routing => ({
  champion: loaded('1'),
  challenger: undefined,
  shadow: undefined,
  challengerTraffic: 0,
  ...overrides,
});

const vector = (entity: string, values: (number | null)[] = [1, 2, 3], view = USER_V1): ScorableVector => ({
  view: view.view,
  view_version: view.version,
  entity_id: entity,
  values,
});

const entities = (count: number): ScorableVector[] => Array.from({ length: count }, (_, i) => vector(`u-${i}`));
const indexes = (count: number): number[] => Array.from({ length: count }, (_, i) => i);
const summary = (runs: readonly ScoreRun[]) => runs.map((r) => ({ version: r.model.version, variant: r.variant, rows: r.rows }));

describe(planRuns.name, () => {
  it('scores every vector with the champion when it serves alone', () => {
    const plan = routing();

    expect(summary(planRuns(plan, entities(5)))).toEqual([{ version: '1', variant: 'champion', rows: [0, 1, 2, 3, 4] }]);
    expect(planRuns(plan, entities(1))[0]?.model).toBe(plan.champion);
  });

  it('plans nothing for an empty batch', () => {
    expect(planRuns(routing({ shadow: loaded('3') }), [])).toEqual([]);
  });

  it('splits the served predictions between champion and challenger by entity bucket, one per vector', () => {
    const batch = entities(1_000);
    const runs = planRuns(routing({ challenger: loaded('2'), challengerTraffic: 0.3 }), batch);
    const rowsOf = (variant: string) => runs.find((r) => r.variant === variant)?.rows ?? [];

    expect(runs.map((r) => r.variant).sort()).toEqual(['challenger', 'champion']);
    expect(rowsOf('challenger')).toEqual(indexes(1_000).filter((i) => servedByChallenger(`u-${i}`, 0.3)));
    expect(rowsOf('champion')).toEqual(indexes(1_000).filter((i) => entityBucket(`u-${i}`) >= 0.3));
    expect(rowsOf('challenger').length).toBeGreaterThan(240);
    expect(rowsOf('challenger').length).toBeLessThan(360);
  });

  it('sends every vector of an entity to the same version', () => {
    const batch = [...entities(50), ...entities(50)];
    const runs = planRuns(routing({ challenger: loaded('2'), challengerTraffic: 0.5 }), batch);

    for (const run of runs) {
      const first = new Set(run.rows.filter((i) => i < 50));
      expect(run.rows.filter((i) => i >= 50).map((i) => i - 50)).toEqual([...first]);
    }
  });

  it('gives the challenger every vector at traffic 1 and no run at traffic 0', () => {
    expect(summary(planRuns(routing({ challenger: loaded('2'), challengerTraffic: 1 }), entities(4)))).toEqual([
      { version: '2', variant: 'challenger', rows: [0, 1, 2, 3] },
    ]);
    expect(summary(planRuns(routing({ challenger: loaded('2'), challengerTraffic: 0 }), entities(4)))).toEqual([
      { version: '1', variant: 'champion', rows: [0, 1, 2, 3] },
    ]);
  });

  it('lets the shadow score every vector besides the served prediction', () => {
    const runs = planRuns(routing({ challenger: loaded('2'), challengerTraffic: 0.5, shadow: loaded('3') }), entities(20));

    expect(runs.at(-1)).toMatchObject({ variant: 'shadow', rows: indexes(20) });
    expect(runs.at(-1)?.model.version).toBe('3');
    expect(
      runs
        .filter((r) => r.variant !== 'shadow')
        .flatMap((r) => r.rows)
        .sort((a, b) => a - b),
    ).toEqual(indexes(20));
  });

  it('lets each version read only vectors of its own view version', () => {
    const userV2 = { view: 'user_transactions', version: 2 };
    const merchant = { view: 'merchant_transactions', version: 1 };
    const batch = [vector('u-1'), vector('u-2', [1, 2, 3], userV2), vector('m-1', [1, 2, 3], merchant), vector('u-3')];
    const plan = routing({ shadow: loaded('3', { ...userV2, indexes: [0, 1, 2] }) });

    expect(summary(planRuns(plan, batch))).toEqual([
      { version: '1', variant: 'champion', rows: [0, 3] },
      { version: '3', variant: 'shadow', rows: [1] },
    ]);
  });

  it('does not serve a canary entity from the champion when the challenger reads another view version', () => {
    // Both view versions of an event arrive: the challenger serves an entity from its own view's vector.
    const userV2 = { view: 'user_transactions', version: 2 };
    const plan = routing({ challenger: loaded('2', { ...userV2, indexes: [0, 1, 2] }), challengerTraffic: 1 });

    expect(planRuns(plan, [vector('u-1'), vector('u-1', [1, 2, 3], userV2)]).map((r) => [r.variant, r.rows])).toEqual([
      ['challenger', [1]],
    ]);
  });

  it('leaves out versions whose inputs span views: they only serve requests', () => {
    expect(planRuns(routing({ champion: unstreamed('1'), shadow: unstreamed('3') }), entities(3))).toEqual([]);
  });
});

describe(inputRows.name, () => {
  const batch = [vector('u-0', [1.5, 2, 3]), vector('u-1', [null, 5, 0.1]), vector('u-2', [7, 8])];
  const run = (stream: LoadedModel['stream'], rows: number[]): ScoreRun => ({ model: loaded('1', stream), variant: 'champion', rows });

  it('takes the card inputs in card order from the run rows, row-major, missing as NaN', () => {
    const rows = inputRows(run({ ...USER_V1, indexes: [2, 0] }, [1, 0, 2]), batch);

    expect(rows).toBeInstanceOf(Float32Array);
    expect(Array.from(rows)).toEqual([Math.fround(0.1), Number.NaN, 3, 1.5, Number.NaN, 7]);
  });

  it('gives an empty tensor for no rows', () => {
    expect(inputRows(run({ ...USER_V1, indexes: [0, 1] }, []), batch)).toEqual(new Float32Array(0));
  });
});

describe(rowInputs.name, () => {
  it('gives the inputs of one vector in card order, null where missing', () => {
    const run: ScoreRun = { model: loaded('1', { ...USER_V1, indexes: [2, 0, 1, 5] }), variant: 'shadow', rows: [0] };

    expect(rowInputs(run, vector('u-0', [null, 2, 0.1]))).toEqual([0.1, null, 2, null]);
  });

  it('gives nothing for a version without stream inputs', () => {
    const run: ScoreRun = { model: unstreamed('1'), variant: 'champion', rows: [0] };

    expect(rowInputs(run, vector('u-0'))).toEqual([]);
  });
});
