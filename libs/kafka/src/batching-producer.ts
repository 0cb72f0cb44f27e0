import { context, type Context } from '@opentelemetry/api';
import { injectTraceHeaders, type MessageHeaders } from '@mlops/observability';
import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer, type RecordMetadata, type TopicMessages } from 'kafkajs';

export interface OutgoingRecord {
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers?: MessageHeaders;
  /** The trace this record continues; the active context is used when absent. */
  readonly traceContext?: Context;
}

export interface BatchingProducerOptions {
  /**
   * Longest a record waits for others to share its request. With 0 a request leaves on the next
   * tick; records arriving while it is in flight (one at a time, for idempotence) share the next
   * one, so batches grow with load without adding latency when idle. @default 0 (ms)
   */
  readonly lingerMs?: number;
  /** Records per request that trigger an immediate send. @default 500 */
  readonly maxBatchRecords?: number;
  /** @default none */
  readonly compression?: CompressionTypes;
  /**
   * Largest request, estimated from keys, values and headers: a send larger than this is split, so
   * no record batch reaches the broker's message.max.bytes (1 MiB by default). @default 768 KiB
   */
  readonly maxRequestBytes?: number;
}

/** Per-record overhead assumed on top of key and value: headers (trace context) and framing. (bytes) */
const RECORD_OVERHEAD = 128;

interface Pending {
  readonly topic: string;
  readonly messages: readonly Message[];
  /** Keys and values: what `inFlightBytes` counts. */
  readonly bytes: number;
  /** Estimated size on the wire, for splitting requests. */
  readonly requestBytes: number;
  resolve(metadata: RecordMetadata[]): void;
  reject(error: unknown): void;
}

/**
 * An idempotent producer (acks=all, one in-flight request, so retries neither reorder nor
 * duplicate) that gathers concurrent sends into one request. `send` resolves only once every
 * replica acknowledged: callers may then commit or answer their client.
 */
export class BatchingProducer {
  private readonly producer: Producer;
  private queue: Pending[] = [];
  private queuedRecords = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private readonly lingerMs: number;
  private readonly maxBatchRecords: number;
  private readonly compression: CompressionTypes;
  private readonly maxRequestBytes: number;

  constructor(kafka: Kafka, options: BatchingProducerOptions = {}) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      // Murmur2, as the Java client: the same key lands on the same partition whichever client produced it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.lingerMs = options.lingerMs ?? 0;
    this.maxBatchRecords = options.maxBatchRecords ?? 500;
    this.compression = options.compression ?? CompressionTypes.None;
    this.maxRequestBytes = options.maxRequestBytes ?? 768 * 1024;
  }

  /** Bytes handed to `send` whose acknowledgement has not come back yet; the backpressure signal. */
  get inFlightBytes(): number {
    return this.inFlight;
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  send(topic: string, records: readonly OutgoingRecord[]): Promise<RecordMetadata[]> {
    if (records.length === 0) return Promise.resolve([]);
    const chunks = splitBySize(records, this.maxRequestBytes);
    if (chunks.length === 1) return this.enqueue(topic, records);
    return Promise.all(chunks.map((chunk) => this.enqueue(topic, chunk))).then((parts) => parts.flat());
  }

  private enqueue(topic: string, records: readonly OutgoingRecord[]): Promise<RecordMetadata[]> {
    const bytes = records.reduce((sum, r) => sum + r.value.length + (r.key?.length ?? 0), 0);
    const requestBytes = records.reduce((sum, r) => sum + recordBytes(r), 0);
    this.inFlight += bytes;
    // Trace context is taken now: the send itself happens later, outside the caller's context.
    const messages = records.map((record) => ({
      key: record.key,
      value: record.value,
      headers: injectTraceHeaders({ ...record.headers }, record.traceContext ?? context.active()),
    }));
    return new Promise<RecordMetadata[]>((resolve, reject) => {
      this.queue.push({ topic, messages, bytes, requestBytes, resolve, reject });
      this.queuedRecords += records.length;
      if (this.queuedRecords >= this.maxBatchRecords) this.flushSoon(0);
      else this.flushSoon(this.lingerMs);
    });
  }

  /** Sends whatever is queued and waits for every outstanding acknowledgement. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.sendQueued());
    await this.flushing;
  }

  async disconnect(): Promise<void> {
    await this.flush();
    await this.producer.disconnect();
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.sendQueued());
    }, delayMs);
  }

  private async sendQueued(): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    this.queuedRecords = 0;
    // Requests of at most maxRequestBytes; each queued send fits in one (send() split larger ones).
    let request: Pending[] = [];
    let requestBytes = 0;
    for (const pending of queued) {
      if (request.length > 0 && requestBytes + pending.requestBytes > this.maxRequestBytes) {
        await this.sendRequest(request);
        request = [];
        requestBytes = 0;
      }
      request.push(pending);
      requestBytes += pending.requestBytes;
    }
    if (request.length > 0) await this.sendRequest(request);
  }

  private async sendRequest(request: readonly Pending[]): Promise<void> {
    const byTopic = new Map<string, TopicMessages>();
    for (const pending of request) {
      let entry = byTopic.get(pending.topic);
      if (!entry) {
        entry = { topic: pending.topic, messages: [] };
        byTopic.set(pending.topic, entry);
      }
      entry.messages.push(...pending.messages);
    }
    try {
      const metadata = await this.producer.sendBatch({ topicMessages: [...byTopic.values()], acks: -1, compression: this.compression });
      for (const pending of request) pending.resolve(metadata.filter((m) => m.topicName === pending.topic));
    } catch (error) {
      for (const pending of request) pending.reject(error);
    } finally {
      for (const pending of request) this.inFlight -= pending.bytes;
    }
  }
}

const recordBytes = (record: OutgoingRecord): number => record.value.length + (record.key?.length ?? 0) + RECORD_OVERHEAD;

/** Consecutive runs of records of at most `maxBytes` each (a single larger record is a run of its own). */
function splitBySize(records: readonly OutgoingRecord[], maxBytes: number): OutgoingRecord[][] {
  const chunks: OutgoingRecord[][] = [];
  let chunk: OutgoingRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = recordBytes(record);
    if (chunk.length > 0 && bytes + size > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(record);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
