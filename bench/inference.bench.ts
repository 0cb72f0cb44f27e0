// Stream inference: a feature vector produced → its prediction consumed from predictions.card_fraud,
// at fixed offered rates, against a bare kafkajs pass-through in the same run (a process of its
// own, bench/lib/kafka-pass-through.ts: each message's bytes produced unchanged, same partitions,
// same acks=all and commit-after-ack contract; its steps run first, before the service starts, so
// that neither path pays for the other's idle fetch loop); plus the bare ONNX Runtime loop on the
// same model, the highest sustained rate per core, and a champion hot swap under load.
// Usage: npm run bench:inference [-- --rates 1000,5000,10000 --seconds 10 --batch-sizes 1,64,256 --skip-swap]
// Starts its own stream-inference (and pass-through) in a topic namespace and database of their
// own; the local servers must be up (npm run servers -- start).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Consumer } from 'kafkajs';
import { BUNDLED_MODEL, featureTopic, predictionTopic, type FeatureVector, type Prediction } from '@mlops/contracts';
import { userTransactionsV1 } from '@mlops/features';
import {
  KafkaTestKit,
  ServiceProcess,
  createDatabase,
  createTopicNamespace,
  sampleInputs,
  serviceEnv,
  testModel,
  uniqueIdentifier,
  uniqueName,
  waitFor,
  type TestModel,
} from '@mlops/testing';
import { leadingAvroStrings } from './lib/avro-leading-strings';
import { CpuMeter } from './lib/cpu-time';
import { DeliveryTracker, type TrackedStep } from './lib/delivery-tracker';
import {
  isSustained,
  onnxReport,
  rampReport,
  streamReport,
  swapReport,
  type Path,
  type StreamResult,
  type SwapOutcome,
} from './lib/inference-report';
import { onnxLoop } from './lib/onnx-loop';
import { runOpenLoop } from './lib/open-loop';
import { fmt } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '1000,5000,10000' },
    seconds: { type: 'string', default: '10' },
    'batch-sizes': { type: 'string', default: '1,64,256' },
    'onnx-seconds': { type: 'string', default: '3' },
    'skip-swap': { type: 'boolean', default: false },
    /** ev/s, or "auto": 2,000 if this run sustained it, else half the highest rate it sustained (a load, not a backlog). */
    'swap-rate': { type: 'string', default: 'auto' },
    'swap-seconds': { type: 'string', default: '20' },
    /** Bisection steps between the highest sustained rate and the lowest one not sustained. */
    refine: { type: 'string', default: '2' },
    /** Doubling past the given rates stops here. (ev/s) */
    'max-rate': { type: 'string', default: '80000' },
    /** The service's INFERENCE_MAX_WAIT_MS and the pass-through's fetch wait; the service's default. (ms) */
    'max-wait-ms': { type: 'string', default: '100' },
    'max-batch': { type: 'string', default: '256' },
    port: { type: 'string', default: '13491' },
  },
});
const list = (text: string) => text.split(',').map(Number);
const rates = list(args.rates).sort((a, b) => a - b);
const seconds = Number(args.seconds);
const maxWaitMs = Number(args['max-wait-ms']);
const port = Number(args.port);
/** stream-inference's default INFERENCE_PARTITIONS_CONCURRENTLY; the pass-through uses the same. */
const PARTITIONS_CONCURRENTLY = 3;
/** A step's outputs are awaited until none came for this long, or this long in all. (ms) */
const DRAIN_IDLE_MS = 15_000;
const DRAIN_CAP_MS = 300_000;
const SWAP_WINDOW_MS = 2_000;
const ENTITIES = 5_000;
const view = userTransactionsV1;
const MODEL = BUNDLED_MODEL;
const ROOT = join(__dirname, '..');

interface Topics {
  readonly features: string;
  readonly served: string;
  readonly passIn: string;
  readonly passOut: string;
}

interface Setup {
  readonly kit: KafkaTestKit;
  readonly tracker: DeliveryTracker;
  readonly cpu: CpuMeter;
  readonly topics: Topics;
  /** Feature values cycled over the vectors. */
  readonly pool: readonly (number | null)[][];
}

// ---------------------------------------------------------------------------------------------
// The service's HTTP API

interface Json {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function call(method: string, path: string, body?: unknown, expected?: number): Promise<Json> {
  const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
  const answer = { status: response.status, body: (await response.json()) as Record<string, unknown> };
  if (expected !== undefined && answer.status !== expected)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

async function registerModel(model: TestModel): Promise<string> {
  const artifact = Buffer.from(model.artifact).toString('base64');
  const { body } = await call('POST', `/v1/models/${MODEL}/versions`, { card: model.card, artifact_base64: artifact }, 201);
  return String(body['version']);
}

const promote = (version: string) => call('POST', `/v1/models/${MODEL}/aliases`, { alias: 'champion', version }, 200);

/** Waits until the service routes the champion to `version`. */
const championServed = (version: string) =>
  waitFor(`champion v${version} in place`, async () => {
    const { body } = await call('GET', '/v1/inference/status');
    const routing = (body['models'] as Record<string, { champion: { version: string } | null }>)[MODEL];
    return routing?.champion?.version === version;
  });

// ---------------------------------------------------------------------------------------------
// Stream steps

/** The step's vectors, Avro-encoded before the step so that encoding does not pace the generator. */
async function encodeVectors(setup: Setup, step: TrackedStep): Promise<{ key: string; value: Buffer }[]> {
  const records: { key: string; value: Buffer }[] = [];
  const now = Date.now();
  for (let start = 0; start < step.count; start += 2_000) {
    const chunk = Array.from({ length: Math.min(2_000, step.count - start) }, (_, k) => start + k);
    const encoded = await Promise.all(
      chunk.map(async (i) => {
        const vector: FeatureVector = {
          event_id: step.eventId(i),
          view: view.name,
          view_version: view.version,
          entity_id: `u-${i % ENTITIES}`,
          event_time: now - 1_000,
          computed_at: now,
          values: setup.pool[i % setup.pool.length] ?? [],
        };
        return { key: vector.entity_id, value: await setup.kit.serde.encode(setup.topics.features, vector) };
      }),
    );
    records.push(...encoded);
  }
  return records;
}

/**
 * Offers `rate` vectors a second for `stepSeconds` to the path's input topic (open loop, one vector
 * per send through the kit's batching producer) and waits for their outputs. `onStart` runs when
 * the first vector is sent.
 */
async function streamStep(
  setup: Setup,
  path: Path,
  rate: number,
  stepSeconds: number,
  onStart?: (step: TrackedStep) => void,
): Promise<StreamResult> {
  const step = setup.tracker.open(Math.max(1, Math.round(rate * stepSeconds)), rate);
  const records = await encodeVectors(setup, step);
  const topic = path === 'service' ? setup.topics.features : setup.topics.passIn;
  const stop = setup.cpu.start();
  const run = await runOpenLoop({
    eventsPerSecond: rate,
    seconds: stepSeconds,
    unitsPerOperation: 1,
    // One operation is one event here: allow half a second of sends awaiting their ack.
    maxOutstanding: Math.max(512, Math.ceil(rate / 2)),
    operation: async (i) => {
      const now = performance.now();
      if (i === 0) {
        step.start = now;
        onStart?.(step);
      }
      step.sentAt[i] = now;
      await setup.kit.producer.send(topic, [records[i] as { key: string; value: Buffer }]);
      step.acked += 1;
      return true;
    },
  });
  await setup.tracker.drain(step, DRAIN_IDLE_MS, DRAIN_CAP_MS);
  const cpu = stop();
  return { path, step, run, cpu, latencies: step.latencies(), missing: Math.max(0, step.acked - step.received) };
}

/**
 * The service's steps beyond the given rates: doubling while every step so far was sustained, then
 * `refine` bisections between the highest sustained rate and the lowest one not sustained
 * (halving when none was sustained). Returns every service step, by rate.
 */
async function stepUp(setup: Setup, given: readonly StreamResult[]): Promise<StreamResult[]> {
  const results = [...given];
  const best = () => Math.max(0, ...results.filter(isSustained).map((r) => r.step.ratePerSecond));
  const worst = () => Math.min(Number.POSITIVE_INFINITY, ...results.filter((r) => !isSustained(r)).map((r) => r.step.ratePerSecond));
  const runAt = async (rate: number) => {
    const result = await streamStep(setup, 'service', rate, seconds);
    results.push(result);
    process.stderr.write(`step-up ${rate}/s: ${isSustained(result) ? 'sustained' : 'not sustained'}\n`);
  };
  for (let rate = best() * 2; rate > 0 && worst() === Number.POSITIVE_INFINITY && rate <= Number(args['max-rate']); rate *= 2) {
    await runAt(rate);
  }
  for (let k = 0; k < Number(args.refine); k += 1) {
    const [low, high] = [best(), worst()];
    if (high === Number.POSITIVE_INFINITY) break;
    const next = Math.round((low + high) / 2 / 100) * 100;
    if (next <= low || next >= high) break;
    await runAt(next);
  }
  return results.sort((a, b) => a.step.ratePerSecond - b.step.ratePerSecond);
}

/** The swap step's rate: as given, or 2,000 ev/s when this run sustained it, else half the highest rate it sustained. */
function swapRate(ramp: readonly StreamResult[]): { rate: number; reason: string } {
  if (args['swap-rate'] !== 'auto') return { rate: Number(args['swap-rate']), reason: 'as given' };
  const best = Math.max(0, ...ramp.filter(isSustained).map((r) => r.step.ratePerSecond));
  if (best >= 2_000) return { rate: 2_000, reason: `a moderate load: the highest rate sustained above is ${best} ev/s` };
  const rate = Math.max(100, Math.floor(best / 2 / 100) * 100);
  return {
    rate,
    reason: best === 0 ? 'no rate tried was sustained' : `half the highest rate sustained above, ${best} ev/s; 2,000 ev/s is beyond it`,
  };
}

/** A service step with the champion promoted to `toVersion` halfway through. */
async function swapStep(setup: Setup, fromVersion: string, toVersion: string, ramp: readonly StreamResult[]): Promise<SwapOutcome> {
  const { rate, reason } = swapRate(ramp);
  const stepSeconds = Number(args['swap-seconds']);
  let promoteAt = Number.NaN;
  let answeredAt = Number.NaN;
  let promotion: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const result = await streamStep(setup, 'service', rate, stepSeconds, () => {
    timer = setTimeout(() => {
      promoteAt = performance.now();
      promotion = promote(toVersion).then(() => (answeredAt = performance.now()));
      // Awaited after the step; handled here so that a failure is not an unhandled rejection meanwhile.
      promotion.catch(() => undefined);
    }, stepSeconds * 500);
  });
  clearTimeout(timer);
  await promotion;
  await championServed(toVersion);
  let firstNewAt = Number.POSITIVE_INFINITY;
  for (let i = 0; i < result.step.count; i += 1) {
    if (result.step.version[i] === Number(toVersion)) firstNewAt = Math.min(firstNewAt, result.step.receivedAt[i] ?? firstNewAt);
  }
  const { body } = await call('GET', '/v1/inference/status');
  const swaps = (body['swaps'] as { versions: { champion: string | null }; swapMs: number }[]).filter(
    (s) => s.versions.champion === toVersion,
  );
  const serviceSwapMs = swaps[swaps.length - 1]?.swapMs;
  process.stderr.write('swap step done\n');
  return { result, fromVersion, toVersion, rateReason: reason, promoteAt, answeredAt, firstNewAt, serviceSwapMs };
}

// ---------------------------------------------------------------------------------------------
// The pass-through process and the measuring consumer

/** Starts the pass-through process and resolves once it joined its group. */
async function startPassThrough(topics: Topics, group: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...['-r', '@swc-node/register', join('bench', 'lib', 'kafka-pass-through.ts')],
      ...['--in', topics.passIn, '--out', topics.passOut, '--group', group],
      ...['--max-wait-ms', String(maxWaitMs), '--partitions-concurrently', String(PARTITIONS_CONCURRENTLY)],
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pass-through not ready after 60 s:\n${output.join('')}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('ready')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pass-through exited with ${code}:\n${output.join('')}`));
    });
  });
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Consumes served predictions and pass-through outputs into the tracker, all of them, reading only
 * their leading string fields; keeps the first 200 raw values of each topic in `samples` for
 * {@link checkLeadingStrings}.
 */
async function startMeter(kit: KafkaTestKit, tracker: DeliveryTracker, topics: Topics, samples: Map<string, Buffer[]>): Promise<Consumer> {
  const meter = kit.kafka.consumer({ groupId: uniqueName('bench-meter'), maxWaitTimeInMs: 100 });
  await meter.connect();
  await meter.subscribe({ topics: [topics.served, topics.passOut], fromBeginning: true });
  await meter.run({
    eachBatch: ({ batch }) => {
      const at = performance.now();
      const served = batch.topic === topics.served;
      const kept = samples.get(batch.topic);
      for (const message of batch.messages) {
        if (message.value === null) continue;
        if (kept !== undefined && kept.length < 200) kept.push(message.value);
        const fields = leadingAvroStrings(message.value, served ? 4 : 1);
        tracker.record(fields[0] as string, served ? Number(fields[3]) : 0, at);
      }
      return Promise.resolve();
    },
  });
  return meter;
}

/** Checks the meter's shortcut against the schema-aware decoder on the warm-up's outputs, then stops sampling. */
async function checkLeadingStrings(kit: KafkaTestKit, topics: Topics, samples: Map<string, Buffer[]>): Promise<void> {
  const served = samples.get(topics.served) ?? [];
  const passed = samples.get(topics.passOut) ?? [];
  if (served.length === 0 || passed.length === 0) throw new Error('no warm-up outputs to check the measuring consumer against');
  for (const value of served) {
    const p = await kit.serde.decode<Prediction>(topics.served, value);
    const fields = leadingAvroStrings(value, 4);
    if (fields.join('|') !== [p.event_id, p.entity_id, p.model_name, p.model_version].join('|'))
      throw new Error(`the measuring consumer misreads a prediction: ${JSON.stringify(fields)}`);
  }
  for (const value of passed) {
    const v = await kit.serde.decode<FeatureVector>(topics.features, value);
    if (v.event_id !== leadingAvroStrings(value, 1)[0]) throw new Error(`the measuring consumer misreads a vector: ${v.event_id}`);
  }
  samples.clear();
}

/** Warms a path (JIT, group joins, connections, schema caches) before anything is measured. */
async function warmUp(setup: Setup, path: Path): Promise<void> {
  const warm = await streamStep(setup, path, 500, 3);
  if (warm.missing > 0) throw new Error(`warm-up: ${warm.missing} of ${warm.step.acked} ${path} outputs never arrived`);
}

// ---------------------------------------------------------------------------------------------
// Clean-up

/** Runs every clean-up step even when one fails; failures are reported and fail the run. */
async function cleanUp(steps: readonly [string, () => Promise<unknown> | undefined][]): Promise<void> {
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      console.error(`clean-up of ${name} failed:`, error);
      process.exitCode = 1;
    }
  }
}

/** The run's topics (the namespace's and the pass-through's, dead-letter topics included). */
async function deleteTopics(kit: KafkaTestKit, namespace: string): Promise<void> {
  const topics = (await kit.admin.listTopics()).filter((topic) => topic.startsWith(`${namespace}.`));
  if (topics.length > 0) await kit.admin.deleteTopics({ topics });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const namespace = uniqueName('bench');
  const database = uniqueIdentifier('bench_inference');
  const [champion, challenger] = [await testModel({ seed: 1 }), await testModel({ seed: 2 })];

  // What the machine does before this run starts anything: other work on the shared cores.
  const quiet = new CpuMeter({}).start();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const background = quiet().machineBusyCores;

  // The bare ONNX loop first, while nothing else of this run uses the cores.
  const onnx = await onnxLoop(champion.artifact, sampleInputs(256, 11), list(args['batch-sizes']), Number(args['onnx-seconds']));
  process.stderr.write('onnx loop done\n');

  const kit = await KafkaTestKit.connect();
  await createTopicNamespace(kit, namespace);
  const features = `${namespace}.${featureTopic(view.name)}`;
  const [metadata] = (await kit.admin.fetchTopicMetadata({ topics: [features] })).topics;
  const partitions = metadata?.partitions.length ?? 0;
  const topics: Topics = {
    features,
    served: `${namespace}.${predictionTopic(MODEL)}`,
    passIn: `${namespace}.bench.pass-through.in`,
    passOut: `${namespace}.bench.pass-through.out`,
  };
  await kit.admin.createTopics({
    waitForLeaders: true,
    topics: [topics.passIn, topics.passOut].map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
  });
  const db = await createDatabase(database);
  const registryDir = await mkdtemp(join(tmpdir(), 'bench-registry-'));
  const tracker = new DeliveryTracker();
  const samples = new Map<string, Buffer[]>([
    [topics.served, []],
    [topics.passOut, []],
  ]);
  const base = { kit, tracker, topics, pool: sampleInputs(1_024, 7) };
  let passThrough: ChildProcess | undefined;
  let service: ServiceProcess | undefined;
  let meter: Consumer | undefined;
  const report: string[] = [];
  try {
    meter = await startMeter(kit, tracker, topics, samples);

    // Each path runs alone: an idle kafkajs consumer fetching every few ms costs ~0.2 core of the two.
    passThrough = await startPassThrough(topics, `${namespace}.bench-pass-through`);
    const bare: Setup = { ...base, cpu: new CpuMeter({ bare: passThrough.pid as number, bench: process.pid }) };
    await warmUp(bare, 'bare');
    const bareByRate = new Map<number, StreamResult>();
    for (const rate of rates) {
      bareByRate.set(rate, await streamStep(bare, 'bare', rate, seconds));
      process.stderr.write(`bare pass-through at ${rate}/s done\n`);
    }
    await stopChild(passThrough);

    service = ServiceProcess.start(
      'stream-inference',
      port,
      serviceEnv({
        TOPIC_NAMESPACE: namespace,
        CLICKHOUSE_DATABASE: database,
        MODEL_REGISTRY_DIR: registryDir,
        INFERENCE_MAX_WAIT_MS: String(maxWaitMs),
        INFERENCE_MAX_BATCH: args['max-batch'],
        INFERENCE_PARTITIONS_CONCURRENTLY: String(PARTITIONS_CONCURRENTLY),
        LOG_LEVEL: 'warn',
      }),
    );
    await service.waitReady();
    const [v1, v2] = [await registerModel(champion), await registerModel(challenger)];
    await promote(v1);
    await championServed(v1);
    const setup: Setup = { ...base, cpu: new CpuMeter({ service: service.pid as number, bench: process.pid }) };
    await warmUp(setup, 'service');
    await checkLeadingStrings(kit, topics, samples);
    const byRate = new Map<number, { service: StreamResult; bare: StreamResult }>();
    for (const rate of rates) {
      byRate.set(rate, { service: await streamStep(setup, 'service', rate, seconds), bare: bareByRate.get(rate) as StreamResult });
      process.stderr.write(`stream-inference at ${rate}/s done\n`);
    }
    const ramp = await stepUp(
      setup,
      [...byRate.values()].map((r) => r.service),
    );
    const swap = args['skip-swap'] ? undefined : await swapStep(setup, v1, v2, ramp);

    report.push(
      `stream-inference benchmark, ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores shared by Kafka, the registry, ` +
        `ClickHouse, Redis, the path under test and this load generator; Node ${process.version}. Feature topic ${partitions} ` +
        `partitions (pass-through topics the same). Service: INFERENCE_MAX_BATCH=${args['max-batch']}, INFERENCE_MAX_WAIT_MS=` +
        `${maxWaitMs}, ${PARTITIONS_CONCURRENTLY} partitions at once, ONNX Runtime 1 thread; model: logistic regression over ` +
        `${view.outputNames.length} features. The bare pass-through steps ran first with the service not started, then the ` +
        `service's with the pass-through stopped. Machine busy before the run started anything: ${fmt(background)} of ` +
        `${cpus().length} cores (other work).`,
      '',
      ...onnxReport(onnx, Number(args['onnx-seconds'])),
      '',
      ...streamReport(byRate, seconds),
      '',
      ...rampReport(ramp, seconds),
      ...(swap === undefined ? [] : ['', ...swapReport(swap, SWAP_WINDOW_MS)]),
      ...(tracker.strays > 0 ? ['', `${tracker.strays} outputs carried an event id of no step of this run`] : []),
    );
  } finally {
    await cleanUp([
      ['measuring consumer', () => meter?.disconnect()],
      ['pass-through', () => stopChild(passThrough)],
      ['service', () => service?.stop()],
      ['topics', () => deleteTopics(kit, namespace)],
      ['kafka clients', () => kit.close()],
      ['database', () => db.drop()],
      ['registry dir', () => rm(registryDir, { recursive: true, force: true })],
    ]);
  }
  console.log(`\n${report.join('\n')}`);
}

main().then(
  () => {
    // Everything is closed; a handle some client library left open must not keep the run alive.
    setTimeout(() => {
      process.stderr.write('exiting with handles still open\n');
      process.exit();
    }, 5_000).unref();
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
