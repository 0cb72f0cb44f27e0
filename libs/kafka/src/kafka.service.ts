import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Client } from '@confluentinc/schemaregistry';
import { namespaced } from '@mlops/contracts';
import { LOGGER, withTimeout, type HealthCheck, type Logger } from '@mlops/observability';
import type { Admin, Kafka } from 'kafkajs';
import { AvroSerde, createSchemaRegistryClient } from './avro-serde';
import { BatchingProducer, type BatchingProducerOptions } from './batching-producer';
import { ConsumerRunner, type ConsumerRunnerOptions } from './consumer-runner';
import { MissingTopicsError } from './errors';
import { createKafka, type KafkaSettings } from './kafka-client';

export interface KafkaModuleSettings extends KafkaSettings {
  readonly schemaRegistryUrl: string;
  /** Prefix of the service's topics and consumer groups. @default '' (none) */
  readonly topicNamespace?: string;
  readonly producer?: BatchingProducerOptions;
}

export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');

/**
 * One Kafka client, producer, admin and Avro serde per service. Shutdown runs in the order
 * written in docs/adr/0002: consumers stop and commit in `onModuleDestroy`, the producer flushes
 * in `beforeApplicationShutdown`, after every consumer is done producing.
 */
@Injectable()
export class KafkaService implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  readonly kafka: Kafka;
  readonly producer: BatchingProducer;
  readonly registry: Client;
  readonly serde: AvroSerde;
  readonly admin: Admin;
  private readonly consumers: ConsumerRunner<unknown>[] = [];
  private readonly namespace: string;

  constructor(
    @Inject(KAFKA_SETTINGS) settings: KafkaModuleSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.kafka = createKafka(settings, logger);
    this.producer = new BatchingProducer(this.kafka, settings.producer);
    this.registry = createSchemaRegistryClient({ url: settings.schemaRegistryUrl });
    this.serde = new AvroSerde(this.registry);
    this.admin = this.kafka.admin();
    this.namespace = settings.topicNamespace ?? '';
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([this.admin.connect(), this.producer.connect()]);
  }

  /** The name of a contract topic in this deployment's namespace. */
  topic(name: string): string {
    return namespaced(this.namespace, name);
  }

  /** A consumer group name in this deployment's namespace. */
  group(name: string): string {
    return namespaced(this.namespace, name);
  }

  /** Throws {@link MissingTopicsError} naming every topic of `topics` the cluster does not have. */
  async requireTopics(kind: string, topics: readonly string[]): Promise<void> {
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) throw new MissingTopicsError(kind, missing);
  }

  /** A consumer that this service stops first at shutdown. Call `start()` on it when ready. */
  createConsumer<T>(options: ConsumerRunnerOptions<T>): ConsumerRunner<T> {
    const runner = new ConsumerRunner<T>(this.kafka, this.serde, this.producer, this.logger, options);
    this.consumers.push(runner as ConsumerRunner<unknown>);
    return runner;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }

  readonly brokerHealth: HealthCheck = {
    name: 'kafka',
    check: async () => {
      const cluster = await withTimeout(this.admin.describeCluster(), 2_000, 'kafka');
      if (cluster.brokers.length === 0) throw new Error('kafka: no brokers in cluster metadata');
      const crashed = this.consumers.find((consumer) => consumer.crash !== undefined);
      if (crashed?.crash) throw new Error(`a consumer stopped for good: ${crashed.crash.message}`);
    },
  };

  readonly registryHealth: HealthCheck = {
    name: 'schema-registry',
    check: async () => {
      await withTimeout(this.registry.getDefaultCompatibility(), 2_000, 'schema-registry');
    },
  };
}
