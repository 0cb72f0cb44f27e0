import { Controller, Get, Inject } from '@nestjs/common';
import type { LoadedModel } from '../models/loaded-model';
import { ServingModels, type SwapRecord } from '../models/serving-models.service';
import { PredictionLogConsumer } from '../prediction-log/prediction-log.consumer';
import { InferenceStats } from '../scoring/inference.stats';
import { INFERENCE_SETTINGS, type InferenceSettings } from '../stream-inference.settings';

interface ServedVersion {
  readonly version: string;
  readonly loaded_at: string;
  readonly load_ms: number;
  readonly stream: string | null;
}

/** What this instance serves and has done: `GET /v1/inference/status`. */
@Controller('v1/inference')
export class StatusController {
  constructor(
    private readonly serving: ServingModels,
    private readonly stats: InferenceStats,
    private readonly log: PredictionLogConsumer,
    @Inject(INFERENCE_SETTINGS) private readonly settings: InferenceSettings,
  ) {}

  @Get('status')
  status(): {
    models: Record<string, unknown>;
    stats: InferenceStats;
    prediction_log: Record<string, number>;
    swaps: readonly SwapRecord[];
  } {
    const models: Record<string, unknown> = {};
    for (const name of this.settings.models) {
      const routing = this.serving.routing(name);
      const describe = (m: LoadedModel | undefined): ServedVersion | null =>
        m === undefined
          ? null
          : {
              version: m.version,
              loaded_at: new Date(m.loadedAt).toISOString(),
              load_ms: Math.round(m.loadMs * 10) / 10,
              stream: m.stream === undefined ? null : `${m.stream.view} v${m.stream.version}`,
            };
      models[name] =
        routing === undefined
          ? { champion: null, challenger: null, shadow: null, challenger_traffic: 0 }
          : {
              champion: describe(routing.champion),
              challenger: describe(routing.challenger),
              shadow: describe(routing.shadow),
              challenger_traffic: routing.challengerTraffic,
            };
    }
    const log = this.log.stats;
    return {
      models,
      stats: this.stats,
      prediction_log: { consumed: log.consumed, written: log.written, dead_lettered: log.deadLettered, dropped: log.dropped },
      swaps: this.serving.swaps,
    };
  }
}
