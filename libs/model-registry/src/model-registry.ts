import { OnnxModelError, OnnxScorer, readSignature, type ModelSignature } from '@mlops/onnx';
import { AliasChangeError, demote, promote, rollBack, type Alias, type AliasState } from './alias-state';
import { lifecycleEvent, type LifecyclePublisher } from './lifecycle';
import type { LocalModelStore } from './local-model.store';
import { isModelName, modelCardInputSchema, type GoldenExample, type ModelCard } from './model-card';
import { AliasConflictError, LifecyclePublishError, ModelNotFoundError, ModelRejectedError } from './registry.errors';
import { signatureProblems } from './signature-check';

/** Largest difference between a golden example's score and the model's. */
export const GOLDEN_TOLERANCE = 1e-5;

export interface RegisterRequest {
  readonly name: string;
  readonly artifact: Uint8Array;
  /** Validated here against the card schema: unknown input is fine, problems are listed. */
  readonly card: unknown;
  readonly actor: string;
}

export interface AliasRequest {
  readonly name: string;
  readonly alias: Alias;
  readonly actor: string;
  readonly reason?: string | undefined;
}

export interface ModelSummary {
  readonly name: string;
  readonly versions: readonly string[];
  readonly aliases: AliasState;
}

/** Golden examples the scorer does not reproduce, one line each. */
export async function goldenMismatches(scorer: OnnxScorer, examples: readonly GoldenExample[]): Promise<string[]> {
  const scores = await scorer.scoreRows(examples.map((e) => e.inputs));
  return examples.flatMap((example, i) => {
    const score = scores[i] as number;
    return Math.abs(score - example.score) <= GOLDEN_TOLERANCE
      ? []
      : [`golden_examples[${i}]: model scores ${score}, the card expects ${example.score}`];
  });
}

/**
 * Immutable model versions (artifact + card) and their aliases. Every change is published on
 * `models.lifecycle` with the model's whole alias state, which is what stream-inference follows.
 */
export class ModelRegistry {
  constructor(
    readonly store: LocalModelStore,
    private readonly publish: LifecyclePublisher,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Checks the card, the ONNX signature against it and the golden examples, then stores a new version. */
  async register(request: RegisterRequest): Promise<ModelCard> {
    const { name } = request;
    if (!isModelName(name))
      throw new ModelRejectedError(name, ['name: expected lowercase letters, digits, "_" or "-", starting with a letter']);
    const parsed = modelCardInputSchema.safeParse(request.card);
    if (!parsed.success)
      throw new ModelRejectedError(
        name,
        parsed.error.issues.map((i) => `card.${i.path.join('.')}: ${i.message}`),
      );
    const input = parsed.data;
    let signature: ModelSignature;
    try {
      signature = readSignature(request.artifact);
    } catch (error) {
      if (error instanceof OnnxModelError) throw new ModelRejectedError(name, [`artifact: ${error.message}`]);
      throw error;
    }
    const problems = signatureProblems(signature, input);
    if (problems.length > 0) throw new ModelRejectedError(name, problems);
    let scorer: OnnxScorer;
    try {
      scorer = await OnnxScorer.load(request.artifact, { output: input.output.tensor });
    } catch (error) {
      if (error instanceof OnnxModelError) throw new ModelRejectedError(name, [`artifact: ${error.message}`]);
      throw error;
    }
    try {
      const mismatches = await goldenMismatches(scorer, input.golden_examples);
      if (mismatches.length > 0) throw new ModelRejectedError(name, mismatches);
    } finally {
      await scorer.release();
    }
    const registeredAt = this.clock();
    const card = await this.store.add(name, request.artifact, (version, artifact) => ({
      ...input,
      name,
      version,
      artifact,
      registered_at: new Date(registeredAt).toISOString(),
      registered_by: request.actor,
    }));
    const state = await this.store.aliases(name);
    await this.send(
      name,
      lifecycleEvent({ action: 'registered', alias: null, card, state, actor: request.actor, reason: null, at: registeredAt }),
    );
    return card;
  }

  /** Every model with at least one registered version. */
  async list(): Promise<ModelSummary[]> {
    const models = await Promise.all(
      (await this.store.models()).map(async (name) => ({ name, versions: await this.store.versions(name) })),
    );
    return Promise.all(models.filter((m) => m.versions.length > 0).map(async (m) => ({ ...m, aliases: await this.store.aliases(m.name) })));
  }

  async summary(name: string): Promise<ModelSummary> {
    const versions = await this.store.versions(name);
    if (versions.length === 0) throw new ModelNotFoundError(name);
    return { name, versions, aliases: await this.store.aliases(name) };
  }

  card(name: string, version: string): Promise<ModelCard> {
    return this.store.card(name, version);
  }

  /** Points an alias at a version (challenger with its canary `traffic` share). */
  async promote(request: AliasRequest & { readonly version: string; readonly traffic?: number | undefined }): Promise<AliasState> {
    const card = await this.store.card(request.name, request.version);
    return this.change(
      request,
      'promoted',
      (state) => promote(state, request.alias, request.version, request.traffic),
      () => card,
    );
  }

  /** Clears the challenger or shadow alias. */
  async demote(request: AliasRequest): Promise<AliasState> {
    const before = await this.summary(request.name);
    const version = before.aliases[request.alias];
    return this.change(
      request,
      'demoted',
      (state) => demote(state, request.alias),
      () => this.store.card(request.name, version ?? '0'),
    );
  }

  /** Points the alias back at its previous version: one call. */
  async rollBack(request: AliasRequest): Promise<AliasState> {
    return this.change(
      request,
      'rolled_back',
      (state) => rollBack(state, request.alias),
      (state) => this.store.card(request.name, state[request.alias] ?? '0'),
    );
  }

  private async change(
    request: AliasRequest,
    action: 'promoted' | 'demoted' | 'rolled_back',
    apply: (state: AliasState) => AliasState,
    subject: (after: AliasState) => ModelCard | Promise<ModelCard>,
  ): Promise<AliasState> {
    await this.summary(request.name);
    const applyChecked = (state: AliasState): AliasState => {
      try {
        return apply(state);
      } catch (error) {
        if (error instanceof AliasChangeError) throw new AliasConflictError(request.name, error.message);
        throw error;
      }
    };
    const { state } = await this.store.changeAliases(request.name, applyChecked, async (after) => {
      const card = await subject(after);
      const event = lifecycleEvent({
        action,
        alias: request.alias,
        card,
        state: after,
        actor: request.actor,
        reason: request.reason ?? null,
        at: this.clock(),
      });
      await this.send(request.name, event);
    });
    return state;
  }

  private async send(name: string, event: Parameters<LifecyclePublisher>[0]): Promise<void> {
    try {
      await this.publish(event);
    } catch (error) {
      throw new LifecyclePublishError(name, error);
    }
  }
}
