import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { BatchedWriter, ClickHouseService, toDateTime } from '@mlops/clickhouse';
import { featureTopic, type FeatureVector } from '@mlops/contracts';
import { encodeVector } from '@mlops/features';
import { KafkaService, type ConsumedBatch } from '@mlops/kafka';
import { LOGGER, type Logger } from '@mlops/observability';
import { CLOCK, type Clock } from '../clock';
import { FeatureStoreMetrics } from '../feature-store.metrics';
import { FEATURE_STORE_SETTINGS, type FeatureStoreSettings } from '../feature-store.settings';
import { OnlineKeySpace } from '../online/online-key';
import { OnlineStoreRepository, type OnlineWrite } from '../online/online-store.repository';
import { ViewRegistry } from '../views/view-registry';
import { featureLogRow, type FeatureLogRow } from './feature-log-rows';
import { featureVectorProblems } from './feature-vector.validation';
import { newestPerKey } from './newest-per-key';

/** How long past its view's TTL Redis keeps a vector before collecting it; reads enforce the TTL itself. (ms) */
export const GARBAGE_COLLECTION_MARGIN_MS = 86_400_000;

/**
 * Materializes the feature topics of every served view: the newest vector per entity and view
 * version into Redis (group `feature-store`), every vector into ClickHouse `feature_log` (group
 * `feature-store-log`). Each group commits only after its own sink is durable; a replay rewrites
 * nothing newer in Redis (newest wins) and inserts rows that ReplacingMergeTree folds.
 */
@Injectable()
export class FeatureMaterializer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly featureLog: BatchedWriter<FeatureLogRow>;

  constructor(
    private readonly kafka: KafkaService,
    private readonly store: OnlineStoreRepository,
    private readonly keys: OnlineKeySpace,
    private readonly registry: ViewRegistry,
    clickhouse: ClickHouseService,
    @Inject(FEATURE_STORE_SETTINGS) private readonly settings: FeatureStoreSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.featureLog = new BatchedWriter(clickhouse.client, logger, { table: 'feature_log', maxRows: 10_000, maxDelayMs: 50 });
  }

  async onApplicationBootstrap(): Promise<void> {
    const topics = this.registry.names().map((view) => this.kafka.topic(featureTopic(view)));
    await this.kafka.requireTopics('feature', topics);
    // Two groups over the same topics, each committing after its own sink: Redis freshness does
    // not wait for ClickHouse's batching, and a slow ClickHouse does not hold up serving.
    const online = this.kafka.createConsumer<FeatureVector>({
      groupId: this.kafka.group('feature-store'),
      topics,
      fromBeginning: true,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      validate: (vector) => featureVectorProblems(this.registry, vector),
      handle: (batch) => this.writeOnline(batch.messages.map((message) => message.value)),
    });
    const log = this.kafka.createConsumer<FeatureVector>({
      groupId: this.kafka.group('feature-store-log'),
      topics,
      fromBeginning: true,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      // No validator here: invalid vectors are dead-lettered once, by the online group, and skipped by writeLog.
      handle: (batch) => this.writeLog(batch),
    });
    await Promise.all([online.start(), log.start()]);
    this.logger.info({ topics }, 'materializing feature topics into Redis and ClickHouse');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.featureLog.close();
  }

  private async writeLog(batch: ConsumedBatch<FeatureVector>): Promise<void> {
    const loggedAt = toDateTime(this.clock());
    const valid = batch.messages
      .map((message) => message.value)
      .filter((vector) => featureVectorProblems(this.registry, vector).length === 0);
    await this.featureLog.write(valid.map((vector) => featureLogRow(vector, loggedAt)));
  }

  private async writeOnline(vectors: readonly FeatureVector[]): Promise<void> {
    const newest = newestPerKey(vectors, (v) => this.keys.key({ name: v.view, version: v.view_version }, v.entity_id));
    const candidates = [...newest.values()];
    const writes = [...newest].map(([key, vector]): OnlineWrite => {
      const ttlMs = this.registry.find(vector.view, vector.view_version)?.ttlMs ?? 0;
      const value = encodeVector({ eventTime: vector.event_time, computedAt: vector.computed_at, values: vector.values });
      return { key, value, expireMs: ttlMs + GARBAGE_COLLECTION_MARGIN_MS };
    });
    const written = await this.store.putNewest(writes);
    const visibleAt = this.clock();
    let stale = vectors.length;
    written.forEach((applied, i) => {
      if (!applied) return;
      stale -= 1;
      const vector = candidates[i] as FeatureVector;
      const attributes = { view: vector.view };
      FeatureStoreMetrics.freshnessFromComputed.record(visibleAt - vector.computed_at, attributes);
      FeatureStoreMetrics.freshnessFromEvent.record(visibleAt - vector.event_time, attributes);
    });
    if (stale > 0) FeatureStoreMetrics.staleVectors.add(stale);
  }
}
