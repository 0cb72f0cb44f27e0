import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import type { ModelLifecycleEvent } from '@mlops/contracts';
import { ALIASES, LocalModelStore, type Alias } from '@mlops/model-registry';
import { LOGGER, type Logger } from '@mlops/observability';
import { describeError } from '@mlops/util';
import { INFERENCE_SETTINGS, type InferenceSettings } from '../stream-inference.settings';
import { loadModel, type LoadedModel } from './loaded-model';

/** What serves a model right now. Immutable: a swap replaces the whole object between batches. */
export interface Routing {
  readonly champion: LoadedModel;
  readonly challenger: LoadedModel | undefined;
  readonly shadow: LoadedModel | undefined;
  /** Share of entities (0–1) the challenger serves. */
  readonly challengerTraffic: number;
}

/** The alias state a lifecycle event asks for. */
export interface WantedState {
  readonly champion: string | null;
  readonly challenger: string | null;
  readonly shadow: string | null;
  readonly challengerTraffic: number;
}

export interface SwapRecord {
  readonly model: string;
  readonly at: number;
  readonly versions: Readonly<Record<Alias, string | null>>;
  /** Time from the lifecycle event to the new routing being in place. (ms) */
  readonly swapMs: number;
  readonly failures: readonly string[];
}

export const wantedState = (event: ModelLifecycleEvent): WantedState => ({
  champion: event.champion,
  challenger: event.challenger,
  shadow: event.shadow,
  challengerTraffic: event.challenger_traffic,
});

const swaps = metrics.getMeter('stream-inference').createCounter('inference.model.swaps', { description: 'Routing changes applied' });

/**
 * The models in memory and their routing. A lifecycle event loads the versions it names in the
 * background (golden check and warm-up included) while the current routing keeps serving; the
 * new routing replaces the old in one assignment, which scoring reads once per batch, so a swap
 * happens at a batch boundary. A version that fails to load is not served: its alias keeps its
 * previous version and the failure is reported in `status()`.
 */
@Injectable()
export class ServingModels implements OnApplicationShutdown {
  private readonly routings = new Map<string, Routing>();
  private readonly loaded = new Map<string, LoadedModel>();
  private readonly users = new Map<LoadedModel, number>();
  private readonly retired = new Set<LoadedModel>();
  private readonly queues = new Map<string, Promise<void>>();
  readonly swaps: SwapRecord[] = [];

  constructor(
    private readonly store: LocalModelStore,
    @Inject(INFERENCE_SETTINGS) private readonly settings: InferenceSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  serves(model: string): boolean {
    return this.settings.models.includes(model);
  }

  routing(model: string): Routing | undefined {
    return this.routings.get(model);
  }

  /**
   * Runs `work` with the model's current routing; the versions it uses are not released while it
   * runs, even if a swap happens meanwhile.
   */
  async use<T>(model: string, work: (routing: Routing | undefined) => Promise<T>): Promise<T> {
    const routing = this.routings.get(model);
    const held = routing === undefined ? [] : servingModels(routing);
    for (const m of held) this.users.set(m, (this.users.get(m) ?? 0) + 1);
    try {
      return await work(routing);
    } finally {
      for (const m of held) {
        const left = (this.users.get(m) ?? 1) - 1;
        this.users.set(m, left);
        if (left === 0) await this.releaseIfRetired(m);
      }
    }
  }

  /** Applies a lifecycle event; changes of one model apply in order. Resolves once in place (or refused). */
  apply(model: string, wanted: WantedState, eventAt: number): Promise<void> {
    const previous = this.queues.get(model) ?? Promise.resolve();
    const next = previous
      .then(() => this.swap(model, wanted, eventAt))
      .catch((error: unknown) => this.logger.error({ model, err: describeError(error) }, 'routing change failed; routing unchanged'));
    this.queues.set(model, next);
    return next;
  }

  /** Resolves when every change received so far is in place. */
  async settled(): Promise<void> {
    await Promise.all(this.queues.values());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settled();
    await Promise.all([...this.loaded.values()].map((m) => m.scorer.release()));
    this.loaded.clear();
  }

  private async swap(model: string, wanted: WantedState, eventAt: number): Promise<void> {
    const current = this.routings.get(model);
    const failures: string[] = [];
    const pick = async (alias: Alias): Promise<LoadedModel | undefined> => {
      const version = wanted[alias];
      if (version === null) return undefined;
      try {
        return await this.load(model, version);
      } catch (error) {
        failures.push(`${alias} v${version}: ${describeError(error)}`);
        this.logger.error(
          { model, version, alias, err: describeError(error) },
          'model version not loaded; its alias keeps serving the previous version',
        );
        return current?.[alias];
      }
    };
    const [champion, challenger, shadow] = await Promise.all(ALIASES.map(pick));
    if (champion === undefined) {
      if (current !== undefined) this.logger.error({ model }, 'no champion could be loaded; routing unchanged');
      this.record(model, current, eventAt, failures);
      return;
    }
    const routing: Routing = { champion, challenger, shadow, challengerTraffic: challenger === undefined ? 0 : wanted.challengerTraffic };
    this.routings.set(model, routing);
    swaps.add(1, { model });
    const inUse = new Set(servingModels(routing));
    for (const old of current === undefined ? [] : servingModels(current)) if (!inUse.has(old)) await this.retire(old);
    this.record(model, routing, eventAt, failures);
    this.logger.info(
      { model, champion: champion.version, challenger: challenger?.version, shadow: shadow?.version, traffic: routing.challengerTraffic },
      'routing in place',
    );
  }

  private record(model: string, routing: Routing | undefined, eventAt: number, failures: string[]): void {
    const versions = {
      champion: routing?.champion.version ?? null,
      challenger: routing?.challenger?.version ?? null,
      shadow: routing?.shadow?.version ?? null,
    };
    this.swaps.push({ model, at: Date.now(), versions, swapMs: Date.now() - eventAt, failures });
    if (this.swaps.length > 100) this.swaps.shift();
  }

  private async load(model: string, version: string): Promise<LoadedModel> {
    const key = `${model}@${version}`;
    const existing = this.loaded.get(key);
    if (existing !== undefined) {
      this.retired.delete(existing);
      return existing;
    }
    const loaded = await loadModel(this.store, model, version, { threads: this.settings.ortThreads, warmUpRows: this.settings.maxBatch });
    this.loaded.set(key, loaded);
    this.logger.info({ model, version, load_ms: Math.round(loaded.loadMs) }, 'model version loaded, golden examples reproduced, warmed up');
    return loaded;
  }

  private async retire(model: LoadedModel): Promise<void> {
    this.retired.add(model);
    if ((this.users.get(model) ?? 0) === 0) await this.releaseIfRetired(model);
  }

  private async releaseIfRetired(model: LoadedModel): Promise<void> {
    if (!this.retired.delete(model)) return;
    this.loaded.delete(`${model.name}@${model.version}`);
    this.users.delete(model);
    await model.scorer.release();
  }
}

const servingModels = (routing: Routing): LoadedModel[] =>
  [routing.champion, routing.challenger, routing.shadow].filter((m): m is LoadedModel => m !== undefined);
