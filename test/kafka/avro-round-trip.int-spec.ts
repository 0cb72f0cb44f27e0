import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { FixedTopicContracts, Topics, type Transaction } from '@mlops/contracts';
import { KafkaTestKit, uniqueName, waitFor } from '@mlops/testing';
import type { ConsumedMessage } from '@mlops/kafka';
import { transaction } from './transaction.fixture';

const transactions = FixedTopicContracts.find((c) => c.topic === Topics.transactions)!;

describe('Avro over Kafka through the schema registry', () => {
  let kit: KafkaTestKit;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    kit = await KafkaTestKit.connect();
  });

  afterAll(async () => {
    await kit.close();
  });

  it('delivers every produced value unchanged, in order per partition, with Confluent framing', async () => {
    const contract = await kit.topicWithSchema(transactions);
    const sent = Array.from({ length: 50 }, (_, i) => transaction(i));
    await kit.produce(contract.topic, sent, () => 'one-key');

    const received: Transaction[] = [];
    await kit
      .runner<Transaction>({
        groupId: uniqueName('spec-group'),
        topics: [contract.topic],
        handle: (batch) => {
          received.push(...batch.messages.map((m) => m.value));
          return Promise.resolve();
        },
      })
      .start();

    await waitFor('all values', () => received.length >= sent.length);
    expect(received).toEqual(sent);
    const [raw] = await kit.readRaw(contract.topic, 1);
    expect(raw?.value?.[0]).toBe(0); // magic byte
    const schemaId = raw!.value!.readInt32BE(1);
    expect(schemaId).toBe(
      await kit.registry.getId(`${contract.topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(transactions.schema) }, false),
    );
  });

  it('carries the producer trace into the consumer through headers', async () => {
    const contract = await kit.topicWithSchema(transactions);
    const span = trace.getTracer('spec').startSpan('produce');
    const producerTraceId = span.spanContext().traceId;
    await context.with(trace.setSpan(context.active(), span), () => kit.produce(contract.topic, [transaction(1)]));
    span.end();

    const seen: ConsumedMessage<Transaction>[] = [];
    await kit
      .runner<Transaction>({
        groupId: uniqueName('spec-group'),
        topics: [contract.topic],
        handle: (batch) => {
          seen.push(...batch.messages);
          return Promise.resolve();
        },
      })
      .start();

    const [message] = await waitFor('the message', () => (seen.length > 0 ? seen : undefined));
    expect(message?.headers['traceparent']?.toString()).toContain(producerTraceId);
    expect(trace.getSpanContext(message!.traceContext)?.traceId).toBe(producerTraceId);
  });
});
