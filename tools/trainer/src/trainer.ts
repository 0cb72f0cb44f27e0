import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { modelCardInputSchema } from '@mlops/model-registry';
import { codeRevision } from './card/code-revision';
import { pickGoldenExamples } from './card/golden-examples';
import { buildModelCard } from './card/model-card-builder';
import type { TrainerOptions } from './cli-options';
import type { BinaryMetrics } from './model/metrics';
import { runTraining } from './model/training-run';
import { exportAndVerify } from './onnx-export';
import { RegistryClient } from './registry/registry-client';
import type { TrainerConfig } from './trainer.config';
import { parseLabelledExamples } from './training-set/labelled-examples';
import { buildOfflineTrainingSet } from './training-set/offline-training-set';

const ROOT = join(__dirname, '..', '..', '..');

/** What a training run produced. */
export interface TrainerSummary {
  readonly model: string;
  readonly view: string;
  readonly rows: number;
  readonly positives: number;
  readonly trainRows: number;
  readonly holdout: BinaryMetrics;
  readonly iterations: number;
  readonly converged: boolean;
  readonly maxOnnxDifference: number;
  readonly artifact: { readonly path: string; readonly sha256: string; readonly bytes: number };
  readonly card: string;
  readonly codeRevision: string;
  readonly registered?: { readonly url: string; readonly version: string; readonly alias?: string; readonly traffic?: number };
}

/**
 * The whole run: training set → fit → ONNX export checked against the JS model → card (validated)
 * → files → optional registration and promotion. `say` gets progress lines.
 */
export async function runTrainer(options: TrainerOptions, config: TrainerConfig, say: (line: string) => void): Promise<TrainerSummary> {
  const { view } = options;
  const database = options.database ?? config.clickhouse.database;
  const namespace = options.namespace ?? config.topicNamespace;
  const examples = await readTrainingSet(options, config, database, namespace, say);
  say(`training on ${examples.length} labelled rows, ${view.outputNames.length} features of ${view.name} v${view.version}`);
  const run = runTraining(examples, view.outputNames.length, options.training);
  const exported = await exportAndVerify(run, `${options.model}: logistic regression on ${view.name} v${view.version}`);
  const golden = pickGoldenExamples(run.split.holdout).map((i) => ({
    example: run.split.holdout[i] as (typeof run.split.holdout)[number],
    score: exported.holdoutScores[i] as number,
  }));
  const revision = await codeRevision(ROOT);
  if (revision.problem) say(`warning: ${revision.problem}`);
  const card = modelCardInputSchema.parse(
    buildModelCard(run, {
      view,
      owner: options.owner,
      tags: ['logistic-regression', view.name, ...options.tags],
      description: options.description,
      codeRevision: revision.revision,
      source:
        `ClickHouse ${database}: labels ⨝ transactions (latest label per event), each transaction's own ${view.name} v${view.version} ` +
        `vector replayed from the events archive${namespace === '' ? '' : ` (namespace ${namespace})`} by features:offline training-set --from-labels`,
      options: options.training,
      golden,
    }),
  );
  const out = resolve(options.out);
  await mkdir(out, { recursive: true });
  const artifactPath = join(out, 'model.onnx');
  const cardPath = join(out, 'card.json');
  await writeFile(artifactPath, exported.bytes);
  await writeFile(cardPath, `${JSON.stringify(card, null, 2)}\n`);
  const summary: TrainerSummary = {
    model: options.model,
    view: `${view.name} v${view.version}`,
    rows: examples.length,
    positives: examples.filter((e) => e.label === 1).length,
    trainRows: run.split.train.length,
    holdout: run.metrics.holdout,
    iterations: run.fit.iterations,
    converged: run.fit.converged,
    maxOnnxDifference: exported.maxDifference,
    artifact: { path: artifactPath, sha256: createHash('sha256').update(exported.bytes).digest('hex'), bytes: exported.bytes.length },
    card: cardPath,
    codeRevision: revision.revision,
  };
  if (options.register === undefined) return summary;
  return { ...summary, registered: await register(options, options.register, card, exported.bytes, say) };
}

async function readTrainingSet(
  options: TrainerOptions,
  config: TrainerConfig,
  database: string,
  namespace: string,
  say: (line: string) => void,
) {
  const directory = await mkdtemp(join(tmpdir(), 'trainer-'));
  try {
    const path = join(directory, 'training-set.ndjson');
    await buildOfflineTrainingSet({ view: options.view, database, namespace, out: path, env: config.childEnv, say });
    return parseLabelledExamples(await readFile(path, 'utf8'), options.view.outputNames, path);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function register(
  options: TrainerOptions,
  url: string,
  card: unknown,
  artifact: Uint8Array,
  say: (line: string) => void,
): Promise<NonNullable<TrainerSummary['registered']>> {
  const registry = new RegistryClient(url);
  const { version } = await registry.register(options.model, card, artifact);
  say(`registered ${options.model} version ${version} at ${url}`);
  if (options.promote === undefined) return { url, version };
  await registry.promote(options.model, version, options.promote, options.traffic);
  say(
    `${options.model} version ${version} is now ${options.promote}${options.traffic === undefined ? '' : ` (traffic ${options.traffic})`}`,
  );
  return { url, version, alias: options.promote, ...(options.traffic === undefined ? {} : { traffic: options.traffic }) };
}
