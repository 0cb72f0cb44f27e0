// The bare baseline of bench/inference.bench.ts, run as a process of its own (as the service is):
// a plain kafkajs consumer that produces each message's key and value unchanged to another topic,
// under the delivery contract stream-inference keeps: per-partition batches, several partitions at
// once, an idempotent producer with acks=all, and the batch's offsets committed once the broker
// acknowledged its output. No decoding, no scoring, no telemetry.
// Usage: node -r @swc-node/register bench/lib/kafka-pass-through.ts --in <topic> --out <topic> --group <id>
//        [--max-wait-ms 5 --partitions-concurrently 3]
// Prints "ready" once it has joined its group; stops on SIGTERM.
import { parseArgs } from 'node:util';
import { Partitioners, type EachBatchPayload } from 'kafkajs';
import { createKafka } from '@mlops/kafka';
import { createLogger } from '@mlops/observability';
import { localServers, uniqueName } from '@mlops/testing';

const { values: args } = parseArgs({
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    group: { type: 'string' },
    'max-wait-ms': { type: 'string', default: '5' },
    'partitions-concurrently': { type: 'string', default: '3' },
  },
});

async function main(): Promise<void> {
  const { in: source, out: target, group } = args;
  if (source === undefined || target === undefined || group === undefined) throw new Error('--in, --out and --group are required');
  const kafka = createKafka({ brokers: localServers.kafkaBrokers, clientId: uniqueName('bench-pass') }, createLogger('bench-pass', 'warn'));
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({
    groupId: group,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxBytesPerPartition: 1_048_576,
    maxWaitTimeInMs: Number(args['max-wait-ms']),
  });
  await Promise.all([producer.connect(), consumer.connect()]);
  consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write('ready\n'));
  await consumer.subscribe({ topics: [source], fromBeginning: true });

  const passBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    await producer.send({ topic: target, acks: -1, messages: batch.messages.map((m) => ({ key: m.key, value: m.value })) });
    const last = batch.lastOffset();
    payload.resolveOffset(last);
    await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
  };
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: Number(args['partitions-concurrently']),
    eachBatch: passBatch,
  });

  process.once('SIGTERM', () => {
    void (async () => {
      await consumer.disconnect();
      await producer.disconnect();
      process.exit(0);
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
