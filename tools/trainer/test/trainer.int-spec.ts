import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouse } from '@mlops/clickhouse';
import { modelCardInputSchema } from '@mlops/model-registry';
import { OnnxScorer, readSignature } from '@mlops/onnx';
import { createDatabase, localServers, uniqueIdentifier, uniqueName } from '@mlops/testing';
import { archiveRows, insert, labelledHistory, labelRows, transactionRows } from './labelled-history';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs the trainer CLI as an operator would; resolves with its exit code and output. */
function train(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/trainer/src/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', CLICKHOUSE_URL: localServers.clickhouseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('trainer against ClickHouse', () => {
  const database = uniqueIdentifier('spec_trainer');
  const namespace = uniqueName('spec');
  const history = labelledHistory({ runId: namespace, events: 600, users: 40, seed: 5 });
  let db: { client: ClickHouse; drop(): Promise<void> };
  let directory: string;

  beforeAll(async () => {
    db = await createDatabase(database);
    directory = await mkdtemp(join(tmpdir(), 'trainer-spec-'));
    await insert(db.client, 'events', archiveRows(history, namespace));
    await insert(db.client, 'transactions', transactionRows(history));
    await insert(db.client, 'labels', labelRows(history));
  });

  afterAll(async () => {
    await db.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('trains on the labelled history, writes a valid card and an ONNX model that reproduces its golden examples', async () => {
    const out = join(directory, 'model');

    const run = await train(['--database', database, '--namespace', namespace, '--out', out, '--json']);

    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const card = modelCardInputSchema.parse(JSON.parse(await readFile(join(out, 'card.json'), 'utf8')));
    expect(card.training_data).toMatchObject({ rows: 600, positives: history.filter((p) => p.fraud).length });
    expect(card.metrics['holdout_auc']).toBeGreaterThan(0.8);
    expect(card.metrics['holdout_rows']).toBe(120);
    expect(card.inputs.features.map((f) => f.feature)).toContain('amount');
    expect(card.golden_examples).toHaveLength(8);
    expect(card.golden_examples.some((g) => g.inputs.includes(null))).toBe(true);

    const bytes = await readFile(join(out, 'model.onnx'));
    expect(readSignature(bytes).inputs).toEqual([
      { name: card.inputs.tensor, type: 'float32', dims: ['batch', card.inputs.features.length] },
    ]);
    const scorer = await OnnxScorer.load(bytes);
    const scores = await scorer.scoreRows(card.golden_examples.map((g) => g.inputs));
    await scorer.release();
    scores.forEach((score, i) => expect(Math.abs(score - (card.golden_examples[i]?.score ?? Number.NaN))).toBeLessThanOrEqual(1e-6));

    const summary = JSON.parse(run.stdout) as { rows: number; artifact: { path: string; sha256: string }; holdout: { auc: number } };
    expect(summary).toMatchObject({
      rows: 600,
      artifact: { path: join(out, 'model.onnx') },
      holdout: { auc: card.metrics['holdout_auc'] },
    });
    expect(summary.artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to train on fewer labelled rows than asked for, saying why', async () => {
    const run = await train(['--database', database, '--namespace', namespace, '--out', join(directory, 'refused'), '--min-rows', '1000']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('trainer refuses to train: only 600 labelled rows, at least 1000 are needed');
  });
});
