import { Inject, Injectable } from '@nestjs/common';
import { findView } from '@mlops/features';
import type { InputFeature } from '@mlops/model-registry';
import { ApiError } from '@mlops/service-runtime';
import { describeError } from '@mlops/util';
import { INFERENCE_SETTINGS, type InferenceSettings } from '../stream-inference.settings';
import { invalidRequest } from '../registry/registry-request';

interface FeatureReading {
  readonly value: number | null;
  readonly status: string;
}

interface EntityAnswer {
  readonly features: Readonly<Record<string, FeatureReading>>;
}

/** A model's inputs for one request, in card order (null = missing), and which of them came from the request. */
export interface OnlineInputs {
  readonly values: (number | null)[];
  readonly computedFromRequest: readonly string[];
}

/**
 * Reads a model's inputs from feature-store (the same values the stream scored), one lookup per
 * view version. Derived features are computed again from the request's fields when given, over
 * the stored aggregates, so an online decision sees the transaction being decided.
 */
@Injectable()
export class OnlineFeaturesClient {
  constructor(@Inject(INFERENCE_SETTINGS) private readonly settings: InferenceSettings) {}

  async inputs(
    features: readonly InputFeature[],
    entity: Readonly<Record<string, string>>,
    request: Readonly<Record<string, unknown>> | undefined,
  ): Promise<OnlineInputs> {
    const views = [...new Map(features.map((f) => [`${f.view}@${f.version}`, { view: f.view, version: f.version }])).values()];
    const stored = new Map<string, Record<string, number | null>>();
    const problems: { path: string; reason: string }[] = [];
    await Promise.all(
      views.map(async ({ view, version }) => {
        const definition = findView(view, version);
        if (definition === undefined) throw new ApiError(409, 'unknown_view', `the model reads ${view} v${version}, which is not defined`);
        const id = entity[definition.entity];
        if (id === undefined) {
          problems.push({ path: `entity.${definition.entity}`, reason: `required by ${view} v${version} (an entity id)` });
          return;
        }
        const answer = await this.lookup(view, version, id);
        const values: Record<string, number | null> = {};
        for (const [name, reading] of Object.entries(answer.features)) values[name] = reading.value;
        if (request !== undefined)
          for (const definitionOf of definition.features)
            if (definitionOf.kind === 'derived') values[definitionOf.name] = definitionOf.compute(request, values);
        stored.set(`${view}@${version}`, values);
      }),
    );
    if (problems.length > 0) throw invalidRequest(problems);
    const derived = new Set(
      request === undefined
        ? []
        : features.filter((f) => findView(f.view, f.version)?.features.some((d) => d.kind === 'derived' && d.name === f.feature)),
    );
    return {
      values: features.map((f) => stored.get(`${f.view}@${f.version}`)?.[f.feature] ?? null),
      computedFromRequest: [...derived].map((f) => f.feature),
    };
  }

  private async lookup(view: string, version: number, entityId: string): Promise<EntityAnswer> {
    const url = `${this.settings.featureStoreUrl}/v1/features/${encodeURIComponent(view)}/${encodeURIComponent(entityId)}?version=${version}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    } catch (error) {
      throw new ApiError(503, 'feature_store_unavailable', `feature-store did not answer: ${describeError(error)}`, {}, 1);
    }
    if (!response.ok) throw new ApiError(502, 'feature_store_error', `feature-store answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as EntityAnswer;
  }
}
