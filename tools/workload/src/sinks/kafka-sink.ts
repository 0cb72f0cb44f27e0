import { FixedTopicContracts, Topics, inNamespace, namespaced, type TopicContract } from '@mlops/contracts';
import {
  AvroSerde,
  BatchingProducer,
  createKafka,
  createSchemaRegistryClient,
  ensureTopics,
  registerContract,
  type OutgoingRecord,
} from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import type { EventSink, SinkEvent, SinkStats } from './event-sink';

export interface WorkloadTopics {
  readonly transactions: string;
  readonly labels: string;
}

/** The topics of the card-payments domain, as `NS.events.transactions` when a namespace is given (one per test or demo). */
export function workloadTopics(namespace = ''): WorkloadTopics {
  return { transactions: namespaced(namespace, Topics.transactions), labels: namespaced(namespace, Topics.labels) };
}

/** The contracts of the workload's two topics in a namespace: same schemas, keys and cleanup. */
export function workloadContracts(namespace = ''): TopicContract[] {
  return FixedTopicContracts.filter((c) => c.topic === Topics.transactions || c.topic === Topics.labels).map((c) =>
    inNamespace(namespace, c),
  );
}

export interface KafkaSinkOptions {
  /** Prefix of the topic names: `NS.events.transactions`. @default '' (none) */
  readonly topicNamespace?: string;
  /** Writes whose records are not yet acknowledged before `write` waits. @default 8 */
  readonly maxPendingWrites?: number;
  /** Create the topics and register their schemas first, as `scripts/register-schemas.ts` does for the fixed ones. @default false */
  readonly ensureTopics?: boolean;
}

export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly schemaRegistryUrl: string;
}

/**
 * Produces straight to Kafka in the registered Avro schema (Confluent framing), keyed by
 * `user_id` like ingest does. Transactions and labels of one write go into the same producer
 * request, so a label is never acknowledged before its transaction.
 */
export class KafkaSink implements EventSink {
  readonly topics: WorkloadTopics;
  private readonly pending = new Set<Promise<void>>();
  private readonly counters = { delivered: 0, retries: 0, duplicates: 0 };
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly producer: Pick<BatchingProducer, 'send' | 'flush'>,
    private readonly serde: Pick<AvroSerde, 'encode'>,
    private readonly options: KafkaSinkOptions = {},
    /** Called by `close` after the last flush, e.g. to disconnect a producer the sink owns. */
    private readonly release: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.topics = workloadTopics(options.topicNamespace);
  }

  /** A sink with its own producer and registry client, disconnected by `close`. */
  static async connect(connection: KafkaConnection, logger: Logger, options: KafkaSinkOptions = {}): Promise<KafkaSink> {
    const kafka = createKafka({ brokers: connection.brokers, clientId: connection.clientId }, logger);
    const registry = createSchemaRegistryClient({ url: connection.schemaRegistryUrl });
    if (options.ensureTopics) await prepareTopics(kafka, registry, workloadContracts(options.topicNamespace));
    const producer = new BatchingProducer(kafka, { lingerMs: 5 });
    await producer.connect();
    return new KafkaSink(producer, new AvroSerde(registry), options, () => producer.disconnect());
  }

  get stats(): SinkStats {
    return { ...this.counters };
  }

  async write(events: readonly SinkEvent[]): Promise<void> {
    this.throwIfFailed();
    const transactions: OutgoingRecord[] = [];
    const labels: OutgoingRecord[] = [];
    const encoded = await Promise.all(events.map((event) => this.encode(event)));
    encoded.forEach((record, i) => (events[i]?.kind === 'transaction' ? transactions : labels).push(record));
    const acknowledged = Promise.all([
      this.producer.send(this.topics.transactions, transactions),
      this.producer.send(this.topics.labels, labels),
    ])
      .then(() => {
        this.counters.delivered += events.length;
      })
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.pending.delete(acknowledged));
    this.pending.add(acknowledged);
    while (this.pending.size > (this.options.maxPendingWrites ?? 8)) await Promise.race(this.pending);
    this.throwIfFailed();
  }

  async flush(): Promise<void> {
    await this.producer.flush();
    while (this.pending.size > 0) await Promise.all(this.pending);
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.release();
    }
  }

  private async encode(event: SinkEvent): Promise<OutgoingRecord> {
    const topic = event.kind === 'transaction' ? this.topics.transactions : this.topics.labels;
    // Both event types are keyed by the card holder (EventTypes.*.keyField), as ingest keys them.
    return { key: event.value.user_id, value: await this.serde.encode(topic, event.value) };
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

// Typed through the lib's factories: raw clients stay inside @mlops/kafka.
async function prepareTopics(
  kafka: ReturnType<typeof createKafka>,
  registry: ReturnType<typeof createSchemaRegistryClient>,
  contracts: readonly TopicContract[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, contracts);
  } finally {
    await admin.disconnect();
  }
  for (const contract of contracts) await registerContract(registry, contract);
}
