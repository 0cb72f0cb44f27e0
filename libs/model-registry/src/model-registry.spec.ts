import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { onnx } from 'onnx-proto';
import type { ModelLifecycleEvent } from '@mlops/contracts';
import { userTransactionsV1 } from '@mlops/features';
import { OnnxScorer, logisticRegressionOnnx } from '@mlops/onnx';
import { LocalModelStore } from './local-model.store';
import type { ModelCardInput } from './model-card';
import { ModelRegistry } from './model-registry';
import {
  AliasConflictError,
  ArtifactIntegrityError,
  LifecyclePublishError,
  ModelNotFoundError,
  ModelRejectedError,
  type ModelRegistryError,
} from './registry.errors';

const MODEL = 'card_fraud';
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const view = userTransactionsV1;
const WIDTH = view.outputNames.length;

interface Candidate {
  readonly artifact: Uint8Array;
  readonly card: ModelCardInput;
}

/** A card over every user_transactions v1 feature; `golden` are its golden examples. */
const cardWith = (golden: ModelCardInput['golden_examples']): ModelCardInput => ({
  owner: 'spec',
  inputs: { tensor: 'features', features: view.outputNames.map((feature) => ({ view: view.name, version: view.version, feature })) },
  output: { tensor: 'score', semantics: 'probability that the transaction is fraud', threshold: 0.5 },
  metrics: { auc: 0.5 },
  training_data: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z', rows: 10, positives: 1, source: 'spec' },
  code_revision: 'spec',
  parameters: {},
  reference_profiles: [],
  golden_examples: golden,
});

/** A logistic regression over `width` inputs and a card whose golden examples ONNX Runtime scored. */
async function candidate(seed = 1, width = WIDTH): Promise<Candidate> {
  const artifact = logisticRegressionOnnx({
    inputName: 'features',
    outputName: 'score',
    weights: Array.from({ length: width }, (_, i) => (((i + seed) % 7) - 3) / 10),
    bias: seed / 10,
    center: new Array<number>(width).fill(0),
    scale: new Array<number>(width).fill(2),
  });
  const inputs = [0, 1, 2].map((r) => Array.from({ length: WIDTH }, (_, c) => (r === 0 && c % 4 === 0 ? null : ((r + c) % 5) - 2)));
  if (width !== WIDTH) return { artifact, card: cardWith([{ inputs: inputs[0] ?? [], score: 0.5 }]) };
  const scorer = await OnnxScorer.load(artifact);
  const scores = await scorer.scoreRows(inputs);
  await scorer.release();
  return { artifact, card: cardWith(inputs.map((row, i) => ({ inputs: row, score: scores[i] as number }))) };
}

/** features float32 [batch, WIDTH] → `logit` = bias, then `score` = sigmoid(logit): two [batch, 1] outputs, the card's second. */
function twoOutputModel(bias: number): Uint8Array {
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const value = (name: string, width: number) => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  });
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'two_outputs',
      initializer: [
        { name: 'w', dims: [WIDTH, 1], dataType: FLOAT, floatData: new Array<number>(WIDTH).fill(0) },
        { name: 'b', dims: [1], dataType: FLOAT, floatData: [bias] },
      ],
      node: [
        { opType: 'MatMul', input: ['features', 'w'], output: ['product'], name: 'product' },
        { opType: 'Add', input: ['product', 'b'], output: ['logit'], name: 'logit' },
        { opType: 'Sigmoid', input: ['logit'], output: ['score'], name: 'score' },
      ],
      input: [value('features', WIDTH)],
      output: [value('logit', 1), value('score', 1)],
    },
  }).finish();
}

/** A well-formed model with the card's signature whose graph ONNX Runtime cannot run (an operator that does not exist). */
function unloadableModel(): Uint8Array {
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const value = (name: string, width: number) => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  });
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'unknown_operator',
      node: [{ opType: 'NoSuchOperator', input: ['features'], output: ['score'], name: 'score' }],
      input: [value('features', WIDTH)],
      output: [value('score', 1)],
    },
  }).finish();
}

/** The registry error a promise rejects with. */
async function refusal<E extends ModelRegistryError>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe(ModelRegistry.name, () => {
  let root: string;
  let store: LocalModelStore;
  let registry: ModelRegistry;
  let events: ModelLifecycleEvent[];
  let publishFailure: Error | undefined;
  let models: Candidate[];

  beforeAll(async () => {
    models = await Promise.all([1, 2, 3].map((seed) => candidate(seed)));
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'model-registry-spec-'));
    store = new LocalModelStore(root);
    events = [];
    publishFailure = undefined;
    registry = new ModelRegistry(
      store,
      async (event) => {
        await Promise.resolve();
        if (publishFailure !== undefined) throw publishFailure;
        events.push(event);
      },
      () => NOW,
    );
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const model = (i: number): Candidate => models[i] as Candidate;
  const register = (m: Candidate, actor = 'spec-actor') => registry.register({ name: MODEL, artifact: m.artifact, card: m.card, actor });
  const artifactPath = (version: string) => join(root, MODEL, 'versions', version, 'model.onnx');

  describe('register', () => {
    it('assigns versions 1, 2, 3 and stores each artifact with its card, digest and file: URI', async () => {
      const cards = [];
      for (const m of models) cards.push(await register(m));

      expect(cards.map((c) => c.version)).toEqual(['1', '2', '3']);
      expect(await store.versions(MODEL)).toEqual(['1', '2', '3']);
      for (const [i, card] of cards.entries()) {
        const version = String(i + 1);
        expect(card).toEqual({
          ...model(i).card,
          description: '',
          tags: [],
          name: MODEL,
          version,
          artifact: {
            uri: pathToFileURL(artifactPath(version)).href,
            sha256: sha256(model(i).artifact),
            bytes: model(i).artifact.byteLength,
          },
          registered_at: '2026-01-02T03:04:05.000Z',
          registered_by: 'spec-actor',
        });
        expect(new Uint8Array(await readFile(artifactPath(version)))).toEqual(model(i).artifact);
        expect(JSON.parse(await readFile(join(root, MODEL, 'versions', version, 'card.json'), 'utf8'))).toEqual(card);
        expect(await registry.card(MODEL, version)).toEqual(card);
      }
    });

    it('publishes "registered" with the model alias state', async () => {
      await register(model(0));
      await registry.promote({ name: MODEL, alias: 'champion', version: '1', actor: 'ops' });
      const card = await register(model(1), 'trainer');

      expect(events[2]).toEqual({
        model_name: MODEL,
        model_version: '2',
        action: 'registered',
        alias: null,
        artifact_uri: card.artifact.uri,
        artifact_sha256: card.artifact.sha256,
        occurred_at: NOW,
        actor: 'trainer',
        reason: null,
        champion: '1',
        challenger: null,
        shadow: null,
        challenger_traffic: 0,
      });
    });

    it('refuses an invalid card, listing the path of every problem, and stores and publishes nothing', async () => {
      const card = { ...model(0).card, owner: '', output: { ...model(0).card.output, threshold: 2 }, golden_examples: [] };

      const error = await refusal(registry.register({ name: MODEL, artifact: model(0).artifact, card, actor: 'spec' }), ModelRejectedError);

      expect(error.model).toBe(MODEL);
      expect(error.problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual([
        'card.owner',
        'card.output.threshold',
        'card.golden_examples',
      ]);
      expect(error.message).toMatch(/^model card_fraud refused: card\.owner: /);
      expect(await store.models()).toEqual([]);
      expect(events).toEqual([]);
    });

    it('refuses a card that is not an object', async () => {
      const error = await refusal(
        registry.register({ name: MODEL, artifact: model(0).artifact, card: 'card', actor: 'spec' }),
        ModelRejectedError,
      );

      expect(error.problems).toEqual([expect.stringMatching(/^card\b/)]);
    });

    it('refuses a model name the registry cannot store', async () => {
      const error = await refusal(
        registry.register({ name: '../Card', artifact: model(0).artifact, card: model(0).card, actor: 'spec' }),
        ModelRejectedError,
      );

      expect(error.problems).toEqual(['name: expected lowercase letters, digits, "_" or "-", starting with a letter']);
    });

    it('refuses bytes that are not an ONNX model as "artifact: …"', async () => {
      const garbage = new TextEncoder().encode('{"this": "is JSON, not ONNX"}');

      const error = await refusal(
        registry.register({ name: MODEL, artifact: garbage, card: model(0).card, actor: 'spec' }),
        ModelRejectedError,
      );

      expect(error.problems).toEqual([expect.stringMatching(/^artifact: not an ONNX model \(29 bytes\)/)]);
      expect(await store.models()).toEqual([]);
    });

    it('refuses a model whose signature does not match its card', async () => {
      const narrow = await candidate(1, 5);

      const error = await refusal(register(narrow), ModelRejectedError);

      expect(error.problems).toEqual([`input "features" takes 5 features per row, the card lists ${WIDTH}`]);
    });

    it('refuses a model that does not reproduce its golden examples', async () => {
      const golden = model(0).card.golden_examples;
      const expected = (golden[1]?.score ?? 0) + 0.01;
      const card = { ...model(0).card, golden_examples: golden.map((g, i) => (i === 1 ? { ...g, score: expected } : g)) };

      const error = await refusal(registry.register({ name: MODEL, artifact: model(0).artifact, card, actor: 'spec' }), ModelRejectedError);

      expect(error.problems).toEqual([`golden_examples[1]: model scores ${golden[1]?.score}, the card expects ${expected}`]);
      expect(await store.models()).toEqual([]);
    });

    it('refuses, as a rejected artifact, a model ONNX Runtime cannot load', async () => {
      const error = await refusal(register({ artifact: unloadableModel(), card: model(0).card }), ModelRejectedError);

      expect(error.problems).toEqual([expect.stringMatching(/^artifact: /)]);
    });

    it('checks the golden examples against the output the card names, not the graph’s first output', async () => {
      const artifact = twoOutputModel(0);
      const card = { ...model(0).card, golden_examples: [{ inputs: new Array<number>(WIDTH).fill(1), score: 0.5 }] };

      expect((await register({ artifact, card })).version).toBe('1');
    });

    it('gives five concurrent registrations five distinct versions', async () => {
      const cards = await Promise.all([0, 1, 2, 0, 1].map((i) => register(model(i))));

      expect(cards.map((c) => c.version).sort()).toEqual(['1', '2', '3', '4', '5']);
      expect(await store.versions(MODEL)).toEqual(['1', '2', '3', '4', '5']);
      expect(events.map((e) => e.model_version).sort()).toEqual(['1', '2', '3', '4', '5']);
      for (const card of cards) expect(sha256(await store.artifact(card))).toBe(card.artifact.sha256);
    });
  });

  describe('alias changes', () => {
    beforeEach(async () => {
      for (const m of models) await register(m);
      events = [];
    });

    it('publishes every change with the full alias state after it', async () => {
      const card = async (version: string) => registry.card(MODEL, version);
      const expected = async (
        version: string,
        action: ModelLifecycleEvent['action'],
        alias: ModelLifecycleEvent['alias'],
        reason: string | null,
        state: Pick<ModelLifecycleEvent, 'champion' | 'challenger' | 'shadow' | 'challenger_traffic'>,
      ): Promise<ModelLifecycleEvent> => {
        const { artifact } = await card(version);
        return {
          model_name: MODEL,
          model_version: version,
          action,
          alias,
          artifact_uri: artifact.uri,
          artifact_sha256: artifact.sha256,
          occurred_at: NOW,
          actor: 'ops',
          reason,
          ...state,
        };
      };

      await registry.promote({ name: MODEL, alias: 'champion', version: '1', actor: 'ops' });
      await registry.promote({ name: MODEL, alias: 'challenger', version: '2', traffic: 0.2, reason: 'canary', actor: 'ops' });
      await registry.promote({ name: MODEL, alias: 'shadow', version: '3', actor: 'ops' });
      await registry.demote({ name: MODEL, alias: 'challenger', reason: 'worse recall', actor: 'ops' });
      await registry.promote({ name: MODEL, alias: 'champion', version: '3', actor: 'ops' });
      const last = await registry.rollBack({ name: MODEL, alias: 'champion', reason: 'alerts', actor: 'ops' });

      expect(events).toEqual([
        await expected('1', 'promoted', 'champion', null, { champion: '1', challenger: null, shadow: null, challenger_traffic: 0 }),
        await expected('2', 'promoted', 'challenger', 'canary', { champion: '1', challenger: '2', shadow: null, challenger_traffic: 0.2 }),
        await expected('3', 'promoted', 'shadow', null, { champion: '1', challenger: '2', shadow: '3', challenger_traffic: 0.2 }),
        await expected('2', 'demoted', 'challenger', 'worse recall', {
          champion: '1',
          challenger: null,
          shadow: '3',
          challenger_traffic: 0,
        }),
        await expected('3', 'promoted', 'champion', null, { champion: '3', challenger: null, shadow: null, challenger_traffic: 0 }),
        await expected('1', 'rolled_back', 'champion', 'alerts', { champion: '1', challenger: null, shadow: null, challenger_traffic: 0 }),
      ]);
      expect(last).toEqual({
        champion: '1',
        challenger: null,
        shadow: null,
        challengerTraffic: 0,
        previous: { champion: [], challenger: ['2'], shadow: [] },
      });
      expect(await store.aliases(MODEL)).toEqual(last);
    });

    it('lists the models with their versions and aliases', async () => {
      await registry.promote({ name: MODEL, alias: 'champion', version: '2', actor: 'ops' });

      expect(await registry.list()).toEqual([
        {
          name: MODEL,
          versions: ['1', '2', '3'],
          aliases: {
            champion: '2',
            challenger: null,
            shadow: null,
            challengerTraffic: 0,
            previous: { champion: [], challenger: [], shadow: [] },
          },
        },
      ]);
      expect(await registry.summary(MODEL)).toEqual((await registry.list())[0]);
    });

    it('lists only models with a registered version, also while a first version is being written', async () => {
      // What LocalModelStore.add leaves on disk before its rename: the versions directory and a staging directory.
      await mkdir(join(root, 'new_model', 'versions', '.staging-spec'), { recursive: true });

      expect((await registry.list()).map((m) => m.name)).toEqual([MODEL]);
    });

    it('refuses changes the alias state does not allow, publishing nothing', async () => {
      const rollBack = await refusal(registry.rollBack({ name: MODEL, alias: 'champion', actor: 'ops' }), AliasConflictError);
      const demote = await refusal(registry.demote({ name: MODEL, alias: 'champion', actor: 'ops' }), AliasConflictError);
      const traffic = await refusal(
        registry.promote({ name: MODEL, alias: 'shadow', version: '1', traffic: 0.5, actor: 'ops' }),
        AliasConflictError,
      );

      expect(rollBack.message).toBe('model card_fraud: champion has no earlier version to roll back to');
      expect(demote.message).toBe('model card_fraud: the champion cannot be removed: promote another version or roll back');
      expect(traffic.message).toBe('model card_fraud: traffic applies to the challenger only, not to shadow');
      expect(events).toEqual([]);
    });

    it('answers ModelNotFoundError for an unknown model or version', async () => {
      await expect(registry.summary('nope')).rejects.toThrow(new ModelNotFoundError('nope'));
      await expect(registry.card(MODEL, '9')).rejects.toThrow(new ModelNotFoundError(MODEL, '9'));
      await expect(registry.promote({ name: MODEL, alias: 'champion', version: '9', actor: 'ops' })).rejects.toThrow(
        'model card_fraud has no version 9',
      );
      await expect(registry.promote({ name: 'nope', alias: 'champion', version: '1', actor: 'ops' })).rejects.toThrow(ModelNotFoundError);
      await expect(registry.demote({ name: 'nope', alias: 'shadow', actor: 'ops' })).rejects.toThrow(new ModelNotFoundError('nope'));
      await expect(registry.rollBack({ name: 'nope', alias: 'champion', actor: 'ops' })).rejects.toThrow(new ModelNotFoundError('nope'));
      expect(events).toEqual([]);
    });

    it('saves a change whose event cannot be published, says so, and keeps working', async () => {
      const broker = new Error('broker down');
      publishFailure = broker;

      const error = await refusal(registry.promote({ name: MODEL, alias: 'champion', version: '2', actor: 'ops' }), LifecyclePublishError);

      expect(error).toMatchObject({ model: MODEL, kind: 'unavailable', cause: broker });
      expect(error.message).toBe('model card_fraud: change saved, but its models.lifecycle event was not published');
      expect((await store.aliases(MODEL)).champion).toBe('2');

      publishFailure = undefined;
      await registry.promote({ name: MODEL, alias: 'champion', version: '3', actor: 'ops' });
      expect(events.map((e) => e.champion)).toEqual(['3']);
    });

    it('keeps a registered version whose event cannot be published', async () => {
      publishFailure = new Error('broker down');

      await expect(register(model(0))).rejects.toThrow(LifecyclePublishError);
      expect(await store.versions(MODEL)).toEqual(['1', '2', '3', '4']);
    });
  });

  describe('artifact integrity', () => {
    it('gives back the stored bytes and detects a tampered file', async () => {
      const card = await register(model(0));
      expect(new Uint8Array(await store.artifact(card))).toEqual(model(0).artifact);

      const tampered = Uint8Array.from(model(0).artifact);
      tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0xff;
      await writeFile(artifactPath('1'), tampered);

      const error = await refusal(store.artifact(card), ArtifactIntegrityError);
      expect(error).toMatchObject({ uri: card.artifact.uri, expected: card.artifact.sha256, actual: sha256(tampered), kind: 'conflict' });
      expect(error.message).toBe(`artifact ${card.artifact.uri} has sha256 ${sha256(tampered)}, registered as ${card.artifact.sha256}`);
    });
  });
});
