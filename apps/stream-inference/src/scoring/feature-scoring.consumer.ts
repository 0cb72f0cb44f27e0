import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { featureTopic, type FeatureVector, type Prediction } from '@mlops/contracts';
import { KafkaService, type ConsumedBatch, type ConsumedMessage } from '@mlops/kafka';
import { LOGGER, type Logger } from '@mlops/observability';
import { LifecycleFollower } from '../models/lifecycle-follower';
import { ServingModels } from '../models/serving-models.service';
import { INFERENCE_SETTINGS, type InferenceSettings } from '../stream-inference.settings';
import { InferenceStats } from './inference.stats';
import { PredictionProducer, type OutgoingPrediction } from './prediction.producer';
import { inputRows, planRuns, rowInputs } from './score-plan';
import { vectorProblems } from './vector-problems';

/**
 * Scores the feature streams in one hop: per partition batch, cut into runs of at most
 * `maxBatch` vectors, every served model scores with the routing in place when the run starts
 * (champion or canary challenger, and shadow), predictions are produced, and the offsets are
 * committed only after the broker acknowledged them. Invalid vectors go to the DLQ.
 *
 * An ORT run blocks the event loop for its duration; runs are bounded by `maxBatch` and measured
 * in docs/benchmarks.md (a 29-feature logistic regression scores 256 rows in well under a millisecond).
 */
@Injectable()
export class FeatureScoringConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaService,
    private readonly serving: ServingModels,
    private readonly lifecycle: LifecycleFollower,
    private readonly producer: PredictionProducer,
    private readonly stats: InferenceStats,
    @Inject(INFERENCE_SETTINGS) private readonly settings: InferenceSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topics = this.settings.views.map((view) => this.kafka.topic(featureTopic(view)));
    await this.kafka.requireTopics('feature', topics);
    await this.lifecycle.ready;
    const consumer = this.kafka.createConsumer<FeatureVector>({
      groupId: this.kafka.group('stream-inference'),
      topics,
      fromBeginning: true,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      maxWaitTimeMs: this.settings.maxWaitMs,
      validate: vectorProblems,
      handle: (batch) => this.score(batch),
    });
    await consumer.start();
    this.logger.info({ topics, models: this.settings.models, max_batch: this.settings.maxBatch }, 'scoring feature streams');
  }

  private async score(batch: ConsumedBatch<FeatureVector>): Promise<void> {
    const received = performance.now();
    const sends: Promise<void>[] = [];
    for (let start = 0; start < batch.messages.length; start += this.settings.maxBatch) {
      const messages = batch.messages.slice(start, start + this.settings.maxBatch);
      const predictions: OutgoingPrediction[] = [];
      for (const model of this.settings.models) predictions.push(...(await this.scoreModel(model, messages, received)));
      this.stats.vectors += messages.length;
      // Produce while the next run scores; the batch commits after every send is acknowledged.
      if (predictions.length > 0) {
        const sent = this.producer.send(predictions);
        // Awaited below with the others; marked handled so a failure during the next run is not an unhandled rejection.
        sent.catch(() => undefined);
        sends.push(sent);
      }
    }
    await Promise.all(sends);
  }

  private scoreModel(model: string, messages: readonly ConsumedMessage<FeatureVector>[], received: number): Promise<OutgoingPrediction[]> {
    return this.serving.use(model, async (routing) => {
      if (routing === undefined) {
        this.stats.noModel(model, messages.length);
        return [];
      }
      const vectors = messages.map((m) => m.value);
      const out: OutgoingPrediction[] = [];
      for (const run of planRuns(routing, vectors)) {
        const scores = await run.model.scorer.score(inputRows(run, vectors), run.rows.length);
        const latencyMs = performance.now() - received;
        const predictedAt = Date.now();
        run.rows.forEach((row, r) => {
          const { value: vector, traceContext } = messages[row] as ConsumedMessage<FeatureVector>;
          const prediction: Prediction = {
            event_id: vector.event_id,
            entity_id: vector.entity_id,
            model_name: model,
            model_version: run.model.version,
            variant: run.variant,
            score: scores[r] as number,
            event_time: vector.event_time,
            predicted_at: predictedAt,
            latency_ms: latencyMs,
            source: 'stream',
            features: rowInputs(run, vector),
          };
          out.push({ prediction, traceContext });
        });
        this.stats.predicted(model, run.model.version, run.variant, run.rows.length, latencyMs);
      }
      return out;
    });
  }
}
