import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { metrics } from '@opentelemetry/api';
import { EventTypes, featureTopic } from '@mlops/contracts';
import { inputContract, needsRepartition, type FeatureView } from '@mlops/features';
import { KafkaService, type ConsumedBatch, type OutgoingRecord } from '@mlops/kafka';
import { LOGGER, type Logger } from '@mlops/observability';
import { FeatureStateStore } from './feature-state.store';
import { computeViewBatch } from './view-batch';
import { TRANSFORM_VIEWS } from './transform.tokens';

type Event = Record<string, unknown>;

const meter = metrics.getMeter('feature-transform');
const computed = meter.createCounter('features.vectors.computed');
const skipped = meter.createCounter('features.events.replayed', { description: 'Already-processed positions or duplicate event ids' });
const tooLate = meter.createCounter('features.events.too_late', { description: 'Events beyond the allowed lateness: not aggregated' });

/**
 * Streams feature vectors: every event of a view's input log becomes one vector on
 * `features.<view>`, computed as of that event from window state kept in Redis.
 * Per batch: compute in log order → produce the vectors → write the state (with the log
 * positions it covers) → commit. A crash anywhere replays the batch; positions already in the
 * state are skipped, so no aggregate counts an event twice.
 * Views keyed by another field than their source topic (merchant views) read a re-keyed copy of
 * the source, which this service also writes, so each entity has one partition and one writer.
 */
@Injectable()
export class FeatureTransformConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly kafka: KafkaService,
    private readonly store: FeatureStateStore,
    @Inject(TRANSFORM_VIEWS) private readonly views: readonly FeatureView[],
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const byInput = new Map<string, FeatureView[]>();
    for (const view of this.views) {
      const topic = this.kafka.topic(inputContract(view).topic);
      byInput.set(topic, [...(byInput.get(topic) ?? []), view]);
    }
    const rekeyed = this.views.filter(needsRepartition);
    const consumer = this.kafka.createConsumer<Event>({
      groupId: this.kafka.group('feature-transform'),
      topics: [...new Set([...byInput.keys(), ...rekeyed.map((v) => this.kafka.topic(sourceTopic(v)))])],
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      handle: (batch) => this.handle(batch, byInput.get(batch.topic) ?? [], rekeyed),
    });
    await consumer.start();
    this.logger.info({ views: this.views.map((v) => `${v.name}:v${v.version}`), inputs: [...byInput.keys()] }, 'computing feature views');
  }

  private async handle(batch: ConsumedBatch<Event>, views: readonly FeatureView[], rekeyed: readonly FeatureView[]): Promise<void> {
    await Promise.all(views.map((view) => this.computeView(view, batch)));
    // One re-keyed copy per repartition topic, however many views read it.
    const forwards = new Map<string, FeatureView>();
    for (const view of rekeyed) {
      if (this.kafka.topic(sourceTopic(view)) === batch.topic) forwards.set(inputContract(view).topic, view);
    }
    await Promise.all([...forwards.values()].map((view) => this.forward(view, batch)));
  }

  private async computeView(view: FeatureView, batch: ConsumedBatch<Event>): Promise<void> {
    const entities = [...new Set(batch.messages.map((m) => String(m.value[view.keyField])))];
    const result = computeViewBatch(view, batch.messages, await this.store.load(view, entities));
    const topic = this.kafka.topic(featureTopic(view.name));
    const records: OutgoingRecord[] = await Promise.all(
      result.vectors.map(async ({ vector, traceContext }) => ({
        key: vector.entity_id,
        value: await this.kafka.serde.encode(topic, vector),
        traceContext,
      })),
    );
    await this.kafka.producer.send(topic, records);
    await this.store.save(view, result.states);
    const attributes = { view: view.name, version: view.version };
    computed.add(result.vectors.length, attributes);
    if (result.replayed > 0) skipped.add(result.replayed, attributes);
    for (const message of result.invalid) {
      this.logger.error(
        { view: view.name, event_id: message.value[view.idField], topic: message.topic, offset: message.offset },
        'event without a valid time: not aggregated',
      );
    }
    if (result.tooLate.length > 0) {
      tooLate.add(result.tooLate.length, attributes);
      for (const message of result.tooLate) {
        this.logger.warn(
          { view: view.name, event_id: message.value[view.idField], topic: message.topic, offset: message.offset },
          'event beyond allowed lateness: not aggregated',
        );
      }
    }
  }

  /** Re-keys the batch's events by the view's key onto its repartition topic. */
  private async forward(view: FeatureView, batch: ConsumedBatch<Event>): Promise<void> {
    const topic = this.kafka.topic(inputContract(view).topic);
    const records = await Promise.all(
      batch.messages.map(async (m) => ({
        key: String(m.value[view.keyField]),
        value: await this.kafka.serde.encode(topic, m.value),
        traceContext: m.traceContext,
      })),
    );
    await this.kafka.producer.send(topic, records);
  }
}

/** The topic a view's events first arrive on: its event type's own topic. */
const sourceTopic = (view: FeatureView): string => EventTypes[view.source].topic;
