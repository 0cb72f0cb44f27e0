import type { TopicContract } from '@mlops/contracts';
import {
  AvroSerde,
  BatchingProducer,
  ConsumerRunner,
  createKafka,
  createSchemaRegistryClient,
  ensureTopics,
  registerContract,
  type ConsumerRunnerOptions,
} from '@mlops/kafka';
import { createLogger, type Logger } from '@mlops/observability';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { localServers, uniqueName } from './local-servers';
import { waitFor } from './wait-for';

/**
 * The kafka lib's parts wired to the real local broker and registry, without Nest, for specs.
 * Everything it creates is closed by `close()`.
 */
export class KafkaTestKit {
  readonly logger: Logger;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: BatchingProducer;
  readonly registry = createSchemaRegistryClient({ url: localServers.schemaRegistryUrl });
  readonly serde = new AvroSerde(this.registry);
  private readonly runners: ConsumerRunner<unknown>[] = [];

  private constructor() {
    this.logger = createLogger('spec', process.env['SPEC_LOG_LEVEL'] ?? 'error');
    this.kafka = createKafka({ brokers: localServers.kafkaBrokers, clientId: uniqueName('spec') }, this.logger);
    this.admin = this.kafka.admin();
    this.producer = new BatchingProducer(this.kafka);
  }

  static async connect(): Promise<KafkaTestKit> {
    const kit = new KafkaTestKit();
    await Promise.all([kit.admin.connect(), kit.producer.connect()]);
    return kit;
  }

  /** A fresh topic (and its .dlq) with the contract's schema registered under its subject. */
  async topicWithSchema(base: TopicContract, partitions = 1): Promise<TopicContract> {
    const contract = { ...base, topic: uniqueName('spec') };
    await ensureTopics(this.admin, [contract], { partitions });
    await registerContract(this.registry, contract);
    return contract;
  }

  async produce(
    topic: string,
    values: readonly unknown[],
    key: (value: unknown, index: number) => string = (_, i) => `k${i}`,
  ): Promise<void> {
    const records = await Promise.all(
      values.map(async (value, i) => ({ key: key(value, i), value: await this.serde.encode(topic, value) })),
    );
    await this.producer.send(topic, records);
  }

  async produceRaw(topic: string, records: readonly { key: string; value: Buffer; headers?: Record<string, string> }[]): Promise<void> {
    await this.producer.send(topic, records);
  }

  runner<T>(options: ConsumerRunnerOptions<T>): ConsumerRunner<T> {
    const runner = new ConsumerRunner<T>(this.kafka, this.serde, this.producer, this.logger, { fromBeginning: true, ...options });
    this.runners.push(runner as ConsumerRunner<unknown>);
    return runner;
  }

  /**
   * Reads `count` raw messages of `topic` from the beginning with a throwaway group; with
   * `settleMs`, keeps reading that much longer so that a test can assert nothing more came.
   */
  async readRaw(topic: string, count: number, timeoutMs = 30_000, settleMs = 0): Promise<KafkaMessage[]> {
    const consumer = this.kafka.consumer({ groupId: uniqueName('spec-reader') });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        messages.push(message);
        return Promise.resolve();
      },
    });
    try {
      await waitFor(`${count} messages on ${topic}`, () => messages.length >= count, { timeoutMs });
      if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
    } finally {
      await consumer.disconnect();
    }
    return messages;
  }

  /** Committed offsets of a group on a topic, per partition. */
  async committed(groupId: string, topic: string): Promise<Record<number, string>> {
    const [entry] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((entry?.partitions ?? []).map((p) => [p.partition, p.offset]));
  }

  async close(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
