import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { BUNDLED_MODEL, type Prediction } from '@mlops/contracts';
import { findView } from '@mlops/features';
import { ApiError } from '@mlops/service-runtime';
import { servedByChallenger } from '../models/canary';
import type { LoadedModel } from '../models/loaded-model';
import { ServingModels, type Routing } from '../models/serving-models.service';
import { InferenceStats } from '../scoring/inference.stats';
import { PredictionProducer } from '../scoring/prediction.producer';
import { INFERENCE_SETTINGS, type InferenceSettings } from '../stream-inference.settings';
import { OnlineFeaturesClient } from './online-features.client';
import type { PredictRequest } from './predict-request';

/** What `POST /v1/predict` answers. */
export interface PredictAnswer {
  readonly event_id: string;
  readonly model: string;
  readonly version: string;
  readonly variant: 'champion' | 'challenger';
  readonly score: number;
  readonly threshold: number;
  /** `score >= threshold`. */
  readonly positive: boolean;
  readonly latency_ms: number;
  /** The model's inputs by name (null = missing). */
  readonly features: Readonly<Record<string, number | null>>;
  /** Inputs computed from the request's fields rather than read from the store. */
  readonly computed_from_request: readonly string[];
}

/**
 * Request/response scoring with the stream's routing: the entity's canary bucket picks champion
 * or challenger, the shadow scores too (logged, never answered), and every prediction goes to the
 * model's topics like the stream's, so the prediction log holds both.
 */
@Injectable()
export class PredictService {
  constructor(
    private readonly serving: ServingModels,
    private readonly features: OnlineFeaturesClient,
    private readonly producer: PredictionProducer,
    private readonly stats: InferenceStats,
    @Inject(INFERENCE_SETTINGS) private readonly settings: InferenceSettings,
  ) {}

  async predict(request: PredictRequest): Promise<PredictAnswer> {
    const started = performance.now();
    const model = request.model ?? this.settings.models[0] ?? BUNDLED_MODEL;
    if (!this.serving.serves(model))
      throw new ApiError(404, 'unknown_model', `model "${model}" is not served here; served: ${this.settings.models.join(', ')}`);
    return this.serving.use(model, async (routing) => {
      if (routing === undefined)
        throw new ApiError(503, 'no_champion', `model "${model}" has no champion yet; promote a version first`, {}, 5);
      const served = this.servedVersion(routing, request);
      const eventId = request.eventId ?? randomUUID();
      const eventTime = typeof request.request?.['event_time'] === 'number' ? request.request['event_time'] : Date.now();
      const runs = [
        { model: served.model, variant: served.variant },
        ...(routing.shadow ? [{ model: routing.shadow, variant: 'shadow' as const }] : []),
      ];
      const scored = await Promise.all(
        runs.map(async (run) => {
          const inputs = await this.features.inputs(run.model.card.inputs.features, request.entity, request.request);
          const [score] = await run.model.scorer.scoreRows([inputs.values]);
          return { ...run, inputs, score: score as number };
        }),
      );
      const latencyMs = performance.now() - started;
      const predictedAt = Date.now();
      const entityId = this.canaryEntity(served.model, request);
      const predictions = scored.map(
        (s): Prediction => ({
          event_id: eventId,
          entity_id: entityId,
          model_name: model,
          model_version: s.model.version,
          variant: s.variant,
          score: s.score,
          event_time: eventTime,
          predicted_at: predictedAt,
          latency_ms: latencyMs,
          source: 'request',
          features: s.inputs.values,
        }),
      );
      await this.producer.send(predictions.map((prediction) => ({ prediction, traceContext: context.active() })));
      for (const s of scored) this.stats.predicted(model, s.model.version, s.variant, 1, latencyMs);
      this.stats.onlineRequests += 1;
      const answer = scored[0] as (typeof scored)[number];
      return {
        event_id: eventId,
        model,
        version: answer.model.version,
        variant: served.variant,
        score: answer.score,
        threshold: answer.model.card.output.threshold,
        positive: answer.score >= answer.model.card.output.threshold,
        latency_ms: latencyMs,
        features: Object.fromEntries(answer.model.card.inputs.features.map((f, i) => [f.feature, answer.inputs.values[i] ?? null])),
        computed_from_request: answer.inputs.computedFromRequest,
      };
    });
  }

  private servedVersion(routing: Routing, request: PredictRequest): { model: LoadedModel; variant: 'champion' | 'challenger' } {
    const challenger = routing.challenger;
    if (challenger !== undefined && servedByChallenger(this.canaryEntity(routing.champion, request), routing.challengerTraffic))
      return { model: challenger, variant: 'challenger' };
    return { model: routing.champion, variant: 'champion' };
  }

  /** The id the canary hashes: the entity of the model's first input view, as in the stream. */
  private canaryEntity(model: LoadedModel, request: PredictRequest): string {
    const first = model.card.inputs.features[0];
    const kind = first === undefined ? undefined : findView(first.view, first.version)?.entity;
    const id = kind === undefined ? undefined : request.entity[kind];
    if (id === undefined)
      throw new ApiError(400, 'invalid_request', `entity.${kind ?? '?'}: required by ${model.name} v${model.version} (an entity id)`);
    return id;
  }
}
