import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics, type ModelLifecycleEvent } from '@mlops/contracts';
import { KafkaService, type ConsumedBatch } from '@mlops/kafka';
import { LOGGER, type Logger } from '@mlops/observability';
import { ServingModels, wantedState } from './serving-models.service';

/** Longest boot waits to read `models.lifecycle` to its end. (ms) */
const CATCH_UP_TIMEOUT_MS = 60_000;

/**
 * Follows the compacted `models.lifecycle` topic from its beginning with a group of its own (every
 * instance must see every change) and hands each model's latest alias state to ServingModels.
 * Boot waits until the topic is read to its end and those versions are loaded, so scoring never
 * starts without the models that were already promoted.
 */
@Injectable()
export class LifecycleFollower implements OnApplicationBootstrap {
  private readonly positions = new Map<number, bigint>();
  private caughtUp: (() => void) | undefined;
  private markReady: (() => void) | undefined;
  /** Resolves once the topic was read to its end and those versions are in place (Nest boots providers concurrently). */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly kafka: KafkaService,
    private readonly serving: ServingModels,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topic = this.kafka.topic(Topics.modelLifecycle);
    const ends = await this.kafka.admin.fetchTopicOffsets(topic);
    const pending = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]));
    const done = new Promise<void>((resolve) => {
      this.caughtUp = () => {
        if ([...pending].every(([partition, last]) => (this.positions.get(partition) ?? -1n) >= last)) resolve();
      };
    });
    this.caughtUp?.();
    const consumer = this.kafka.createConsumer<ModelLifecycleEvent>({
      groupId: this.kafka.group(`stream-inference-lifecycle-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`),
      topics: [topic],
      fromBeginning: true,
      maxWaitTimeMs: 500,
      handle: (batch) => this.follow(batch),
    });
    await consumer.start();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CATCH_UP_TIMEOUT_MS)));
    const outcome = await Promise.race([done, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn({ topic }, 'models.lifecycle not read to its end in time; serving what was read');
    await this.serving.settled();
    this.markReady?.();
    this.logger.info({ topic }, 'model lifecycle read; following changes');
  }

  private follow(batch: ConsumedBatch<ModelLifecycleEvent>): Promise<void> {
    // Only each model's latest event in the batch matters: it carries the whole alias state.
    const latest = new Map<string, ModelLifecycleEvent>();
    for (const message of batch.messages) latest.set(message.value.model_name, message.value);
    const changes = [...latest.values()].filter((event) => this.serving.serves(event.model_name));
    for (const event of changes) {
      this.logger.info(
        { model: event.model_name, action: event.action, alias: event.alias, version: event.model_version, actor: event.actor },
        'model lifecycle event',
      );
    }
    // Loading runs in the background: scoring goes on with the current versions meanwhile.
    for (const event of changes) void this.serving.apply(event.model_name, wantedState(event), event.occurred_at);
    const last = batch.messages[batch.messages.length - 1];
    if (last !== undefined) this.positions.set(batch.partition, BigInt(last.offset));
    this.caughtUp?.();
    return Promise.resolve();
  }
}
