import { SpanKind, metrics, trace, type Context } from '@opentelemetry/api';
import { DlqHeaders, dlqTopic } from '@mlops/contracts';
import { extractTraceContext, type Logger, type MessageHeaders } from '@mlops/observability';
import { describeError, errorName, retryWithBackoff, type BackoffOptions } from '@mlops/util';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { isRegistryUnavailable, type AvroSerde } from './avro-serde';
import type { BatchingProducer, OutgoingRecord } from './batching-producer';
import { MessageValidationError, SchemaDecodeError } from './errors';

export interface ConsumedMessage<T> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: T;
  readonly headers: MessageHeaders;
  /** Broker timestamp (ms). */
  readonly timestamp: number;
  /** The producer's trace, to continue when producing downstream. */
  readonly traceContext: Context;
}

export interface ConsumedBatch<T> {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly ConsumedMessage<T>[];
}

export interface ConsumerRunnerOptions<T> {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a new group starts. @default false (latest) */
  readonly fromBeginning?: boolean;
  /**
   * Does the batch's work. It must be durable when the promise resolves: offsets are committed
   * right after. A rejection is retried with backoff; the batch is never skipped.
   */
  readonly handle: (batch: ConsumedBatch<T>) => Promise<void>;
  /** Problems with a decoded value (empty when valid); invalid messages are dead-lettered. */
  readonly validate?: (value: T) => readonly string[];
  /** Retry pacing for the handler and the dead-letter producer. */
  readonly retry?: BackoffOptions;
  /** Partitions processed at once. @default 1 */
  readonly partitionsConsumedConcurrently?: number;
  /** Fetch size bound per partition; with the one above, bounds memory. @default 1 MiB */
  readonly maxBytesPerPartition?: number;
  /** @default 10000 (ms) */
  readonly sessionTimeoutMs?: number;
  /** Longest the broker holds a fetch while no new message arrives; bounds how long a partial batch waits. @default 5000 (ms) */
  readonly maxWaitTimeMs?: number;
}

/** Counts since start, for metrics and tests. */
export interface ConsumerRunnerStats {
  batches: number;
  processed: number;
  deadLettered: number;
  retries: number;
  commits: number;
}

const tracer = trace.getTracer('@mlops/kafka');
const meter = metrics.getMeter('@mlops/kafka');
const instruments = {
  processed: meter.createCounter('consumer.messages.processed', { description: 'Messages handled and committed' }),
  deadLettered: meter.createCounter('consumer.messages.dead_lettered', { description: 'Messages sent to <topic>.dlq' }),
  retries: meter.createCounter('consumer.batch.retries', { description: 'Batch attempts that failed and were retried' }),
  batchDuration: meter.createHistogram('consumer.batch.duration', { unit: 'ms', description: 'Fetch-to-commit time of a batch' }),
};

/**
 * Consumes Avro topics in per-partition batches with at-least-once semantics:
 * decode → validate → dead-letter the bad ones → handle the good ones → commit.
 * Nothing is committed before the handler and the dead-letter writes succeeded; on failure the
 * partition is paused and the batch retried with backoff, so a slow or failing store slows the
 * consumer down instead of losing data or filling memory.
 */
export class ConsumerRunner<T> {
  readonly stats: ConsumerRunnerStats = { batches: 0, processed: 0, deadLettered: 0, retries: 0, commits: 0 };
  private readonly consumer: Consumer;
  private stopping = false;
  private crashed: Error | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly producer: BatchingProducer,
    private readonly logger: Logger,
    private readonly options: ConsumerRunnerOptions<T>,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 5_000,
      allowAutoTopicCreation: true,
      retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.logger.error({ group: this.options.groupId, err: describeError(payload.error), restart: payload.restart }, 'consumer crashed');
      if (!payload.restart) this.crashed = payload.error;
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? false });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.track(this.withHeartbeats(payload, () => this.processBatch(payload))),
    });
    this.running = true;
    this.crashed = undefined;
  }

  /** Set when kafkajs gave up on the consumer and will not restart it: readiness reports it. */
  get crash(): Error | undefined {
    return this.crashed;
  }

  /**
   * A long batch (a slow store, a large fetch) must not outlive the session: heartbeats go out
   * every second while it runs, as kafkajs only sends them between batches.
   */
  private async withHeartbeats(payload: EachBatchPayload, work: () => Promise<void>): Promise<void> {
    const timer = setInterval(() => {
      payload.heartbeat().catch((error: unknown) => this.logger.debug({ err: describeError(error) }, 'heartbeat during batch failed'));
    }, 1_000);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * Stops fetching, lets the in-flight batches finish and commit, then leaves the group.
   * A batch whose handler is failing is not retried any more and stays uncommitted.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.pause();
    // kafkajs' disconnect does not wait for a running eachBatch, so we wait for ours first.
    await Promise.allSettled([...this.inFlight]);
    await this.consumer.disconnect();
    this.running = false;
  }

  private async track(batch: Promise<void>): Promise<void> {
    this.inFlight.add(batch);
    try {
      await batch;
    } finally {
      this.inFlight.delete(batch);
    }
  }

  /** External backpressure: stop fetching every subscribed topic until {@link resume}. */
  pause(): void {
    this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
  }

  resume(): void {
    this.consumer.resume(this.options.topics.map((topic) => ({ topic })));
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    const started = performance.now();
    const abandoned = (): boolean => this.stopping || !payload.isRunning() || payload.isStale();
    const { topic, partition } = batch;
    let resume: (() => void) | undefined;
    const onRetry = async (error: unknown, attempt: number, delayMs: number): Promise<boolean> => {
      if (abandoned()) return false;
      this.stats.retries += 1;
      instruments.retries.add(1, { topic, group: this.options.groupId });
      this.logger.warn({ topic, partition, attempt, delayMs, err: describeError(error) }, 'batch failed, retrying');
      resume ??= payload.pause();
      await payload.heartbeat();
      return true;
    };
    const retry = { initialMs: 100, maxMs: 5_000, ...this.options.retry, onRetry };

    let outcome: { good: ConsumedMessage<T>[]; dead: OutgoingRecord[] };
    try {
      outcome = await retryWithBackoff(() => this.decodeAll(topic, partition, batch.messages), retry);
      if (outcome.dead.length > 0) await retryWithBackoff(() => this.producer.send(dlqTopic(topic), outcome.dead), retry);
      if (outcome.good.length > 0) await retryWithBackoff(() => this.handleTraced(topic, partition, outcome.good), retry);
    } catch (error) {
      if (abandoned()) {
        // Not committing is the point: whoever owns the partition next gets this batch again.
        this.logger.info(
          { topic, partition, err: describeError(error) },
          'batch left uncommitted: consumer stopping or partition reassigned',
        );
        return;
      }
      throw error;
    } finally {
      resume?.();
    }

    const last = batch.lastOffset();
    payload.resolveOffset(last);
    const next = (BigInt(last) + 1n).toString();
    await this.consumer.commitOffsets([{ topic, partition, offset: next }]);
    this.logger.debug({ topic, partition, offset: next, group: this.options.groupId }, 'committed');
    this.stats.batches += 1;
    this.stats.commits += 1;
    this.stats.processed += outcome.good.length;
    this.stats.deadLettered += outcome.dead.length;
    const attributes = { topic, group: this.options.groupId };
    instruments.processed.add(outcome.good.length, attributes);
    if (outcome.dead.length > 0) instruments.deadLettered.add(outcome.dead.length, attributes);
    instruments.batchDuration.record(performance.now() - started, attributes);
  }

  private async decodeAll(topic: string, partition: number, messages: readonly KafkaMessage[]) {
    const good: ConsumedMessage<T>[] = [];
    const dead: OutgoingRecord[] = [];
    for (const message of messages) {
      const decoded = await this.decode(topic, partition, message);
      if (decoded instanceof Error) dead.push(this.deadLetter(topic, partition, message, decoded));
      else good.push(decoded);
    }
    return { good, dead };
  }

  private handleTraced(topic: string, partition: number, messages: readonly ConsumedMessage<T>[]): Promise<void> {
    const attributes = { 'messaging.destination.name': topic, 'messaging.batch.message_count': messages.length };
    return tracer.startActiveSpan(`process ${topic}`, { kind: SpanKind.CONSUMER, attributes }, async (span) => {
      try {
        await this.options.handle({ topic, partition, messages });
      } finally {
        span.end();
      }
    });
  }

  /** A decoded message, or the reason it belongs in the dead-letter topic. Registry outages throw. */
  private async decode(topic: string, partition: number, message: KafkaMessage): Promise<ConsumedMessage<T> | Error> {
    if (message.value === null) {
      return new SchemaDecodeError(topic, partition, message.offset, new Error('message has no value'));
    }
    let value: T;
    try {
      value = await this.serde.decode<T>(topic, message.value);
    } catch (error) {
      if (isRegistryUnavailable(error)) throw error;
      return new SchemaDecodeError(topic, partition, message.offset, error);
    }
    const problems = this.options.validate?.(value) ?? [];
    if (problems.length > 0) return new MessageValidationError(topic, partition, message.offset, problems);
    const headers: MessageHeaders = message.headers ?? {};
    return {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      value,
      headers,
      timestamp: Number(message.timestamp),
      traceContext: extractTraceContext(headers),
    };
  }

  private deadLetter(topic: string, partition: number, message: KafkaMessage, error: Error): OutgoingRecord {
    this.logger.warn({ topic, partition, offset: message.offset, err: describeError(error) }, 'message dead-lettered');
    return {
      key: message.key?.toString() ?? null,
      value: message.value ?? Buffer.alloc(0),
      headers: {
        ...(message.headers as MessageHeaders),
        [DlqHeaders.error]: describeError(error),
        [DlqHeaders.errorClass]: errorName(error),
        [DlqHeaders.sourceTopic]: topic,
        [DlqHeaders.sourcePartition]: String(partition),
        [DlqHeaders.sourceOffset]: message.offset,
        [DlqHeaders.failedAt]: new Date().toISOString(),
        // Several groups may read one topic (and refuse the same message): say which one did.
        [DlqHeaders.consumerGroup]: this.options.groupId,
      },
    };
  }
}
