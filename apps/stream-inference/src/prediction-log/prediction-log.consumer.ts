import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { metrics, type ObservableResult } from '@opentelemetry/api';
import { BatchedWriter, ClickHouseService } from '@mlops/clickhouse';
import { dlqTopic, predictionTopic, shadowPredictionTopic, type Prediction } from '@mlops/contracts';
import { KafkaService, type ConsumedBatch, type ConsumedMessage, type ConsumerRunnerStats } from '@mlops/kafka';
import { LOGGER, type Logger } from '@mlops/observability';
import { INFERENCE_SETTINGS, type InferenceSettings } from '../stream-inference.settings';
import { predictionLogRow, predictionProblems, type PredictionLogRow } from './prediction-log-rows';

const meter = metrics.getMeter('stream-inference');
const instruments = {
  written: meter.createCounter('prediction_log.rows.written', {
    description: 'Predictions inserted into ClickHouse `predictions`, each Kafka message counted once',
  }),
  dropped: meter.createObservableCounter('prediction_log.rows.dropped', {
    description: 'Predictions whose offsets were committed although they were neither written nor dead-lettered; must stay 0',
  }),
};

/** The settings the prediction log reads (from {@link INFERENCE_SETTINGS}). */
export type PredictionLogSettings = Pick<InferenceSettings, 'models' | 'logMaxRows' | 'logMaxDelayMs' | 'partitionsConsumedConcurrently'>;

/**
 * What the prediction log has done since start. Each Kafka message counts once in `consumed` and
 * `written`, however often a retry or a replay hands it over again.
 */
export class PredictionLogStats {
  private consumedCount = 0;
  private writtenCount = 0;
  private readonly consumedUpTo = new Map<string, bigint>();
  private readonly writtenUpTo = new Map<string, bigint>();

  constructor(private readonly committed: () => ConsumerRunnerStats | undefined) {}

  /** Valid predictions handed to the log. */
  get consumed(): number {
    return this.consumedCount;
  }

  /** Valid predictions ClickHouse has confirmed. */
  get written(): number {
    return this.writtenCount;
  }

  /** Invalid predictions sent to `<topic>.dlq` and committed. */
  get deadLettered(): number {
    return this.committed()?.deadLettered ?? 0;
  }

  /**
   * Committed messages − written − dead-lettered: messages acknowledged to Kafka without reaching
   * ClickHouse or a dead-letter topic. Must stay 0. Rows written but not yet committed would make
   * the difference negative for a moment; they are not losses, so the floor is 0.
   */
  get dropped(): number {
    const runner = this.committed();
    if (!runner) return 0;
    return Math.max(0, runner.processed + runner.deadLettered - this.writtenCount - runner.deadLettered);
  }

  /** Counts the batch's messages not seen before; returns how many that was. */
  recordConsumed(batch: ConsumedBatch<Prediction>): number {
    const fresh = advance(this.consumedUpTo, batch);
    this.consumedCount += fresh;
    return fresh;
  }

  recordWritten(batch: ConsumedBatch<Prediction>): number {
    const fresh = advance(this.writtenUpTo, batch);
    this.writtenCount += fresh;
    return fresh;
  }
}

/** Moves a partition's high-water offset past the batch; returns the messages beyond the old one. */
function advance(upTo: Map<string, bigint>, batch: ConsumedBatch<Prediction>): number {
  const key = `${batch.topic}[${batch.partition}]`;
  const previous = upTo.get(key) ?? -1n;
  const offsets = batch.messages.map((message: ConsumedMessage<Prediction>) => BigInt(message.offset));
  const fresh = offsets.filter((offset) => offset > previous).length;
  upTo.set(
    key,
    offsets.reduce((high, offset) => (offset > high ? offset : high), previous),
  );
  return fresh;
}

/**
 * Logs every prediction of the served models, served and shadow, into ClickHouse `predictions`
 * (group `stream-inference-log`). A batch's offsets are committed only once ClickHouse has its
 * rows; while ClickHouse refuses writes the batch is retried with backoff and the partition
 * paused, and replays after a crash insert rows that ReplacingMergeTree folds. Invalid
 * predictions go to `<topic>.dlq` with the reason.
 */
@Injectable()
export class PredictionLogConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly stats: PredictionLogStats;
  private readonly writer: BatchedWriter<PredictionLogRow>;
  private runnerStats: ConsumerRunnerStats | undefined;
  private readonly groupId: string;
  private readonly observeDropped = (result: ObservableResult): void => result.observe(this.stats.dropped, { group: this.groupId });

  constructor(
    private readonly kafka: KafkaService,
    clickhouse: ClickHouseService,
    @Inject(INFERENCE_SETTINGS) private readonly settings: PredictionLogSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.writer = new BatchedWriter(clickhouse.client, logger, {
      table: 'predictions',
      maxRows: settings.logMaxRows,
      maxDelayMs: settings.logMaxDelayMs,
    });
    this.groupId = kafka.group('stream-inference-log');
    this.stats = new PredictionLogStats(() => this.runnerStats);
  }

  /** `predictions.<model>` and `predictions.<model>.shadow` of every served model, in this deployment's namespace. */
  topics(): string[] {
    return this.settings.models.flatMap((model) => [predictionTopic(model), shadowPredictionTopic(model)].map((t) => this.kafka.topic(t)));
  }

  async onApplicationBootstrap(): Promise<void> {
    const topics = this.topics();
    await this.kafka.requireTopics(
      'prediction',
      topics.flatMap((topic) => [topic, dlqTopic(topic)]),
    );
    const runner = this.kafka.createConsumer<Prediction>({
      groupId: this.groupId,
      topics,
      fromBeginning: true,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      validate: predictionProblems,
      handle: (batch) => this.write(batch),
    });
    this.runnerStats = runner.stats;
    instruments.dropped.addCallback(this.observeDropped);
    await runner.start();
    this.logger.info({ topics, group: this.groupId }, 'logging predictions into ClickHouse');
  }

  /** Runs after KafkaService stopped the consumer (in-flight batches done): inserts what is left. */
  async beforeApplicationShutdown(): Promise<void> {
    instruments.dropped.removeCallback(this.observeDropped);
    await this.writer.close();
  }

  /** Resolves once ClickHouse has the batch's rows, so the runner commits only what is durable. */
  private async write(batch: ConsumedBatch<Prediction>): Promise<void> {
    this.stats.recordConsumed(batch);
    const loggedAtMs = Date.now();
    await this.writer.write(batch.messages.map((message) => predictionLogRow(message.value, loggedAtMs)));
    const fresh = this.stats.recordWritten(batch);
    if (fresh > 0) instruments.written.add(fresh, { topic: batch.topic });
  }
}
