import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KafkaTestKit,
  ServiceProcess,
  createDatabase,
  createTopicNamespace,
  serviceEnv,
  testModel,
  uniqueIdentifier,
  uniqueName,
  type TestModel,
} from '@mlops/testing';

const ROOT = join(__dirname, '..', '..', '..');
const MODEL = 'card_fraud';
const PORT = 13_424;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('models CLI against a real stream-inference registry', () => {
  const namespace = uniqueName('spec');
  const database = uniqueIdentifier('spec_models_cli');
  let kit: KafkaTestKit;
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let directory: string;
  let service: ServiceProcess;

  /** Runs the CLI as an operator would, pointed at the service by MODEL_REGISTRY_URL. */
  const models = (...args: string[]): Promise<Run> => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/models/src/cli.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', MODEL_REGISTRY_URL: service.url },
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
  };
  /** Writes a model's artifact and card where the CLI reads them. */
  const files = async (name: string, model: TestModel, card: unknown = model.card): Promise<string[]> => {
    const artifact = join(directory, `${name}.onnx`);
    const cardPath = join(directory, `${name}.json`);
    await writeFile(artifact, model.artifact);
    await writeFile(cardPath, JSON.stringify(card));
    return ['--artifact', artifact, '--card', cardPath];
  };
  const succeeded = (run: Run) => expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    await createTopicNamespace(kit, namespace);
    db = await createDatabase(database);
    directory = await mkdtemp(join(tmpdir(), 'models-cli-'));
    service = ServiceProcess.start(
      'stream-inference',
      PORT,
      serviceEnv({ TOPIC_NAMESPACE: namespace, CLICKHOUSE_DATABASE: database, MODEL_REGISTRY_DIR: join(directory, 'registry') }),
    );
    await service.waitReady();
  }, 120_000);

  afterAll(async () => {
    await service.stop();
    await kit.close();
    await db.drop();
    await rm(directory, { recursive: true, force: true });
  });

  it('registers, lists, promotes, shows and rolls back versions', async () => {
    const [first, second] = await Promise.all([testModel({ seed: 1 }), testModel({ seed: 2 })]);

    const registered = await models('register', MODEL, ...(await files('v1', first)));
    succeeded(registered);
    expect(registered.stdout).toMatch(/^registered card_fraud version 1 \(\d+ bytes, sha256 [0-9a-f]{64}\)\n$/);

    const listed = await models('list');
    succeeded(listed);
    expect(listed.stdout.split('\n')).toEqual([
      expect.stringMatching(/^MODEL\s+VERSIONS\s+CHAMPION\s+CHALLENGER\s+SHADOW$/),
      'card_fraud  1         -         -           -',
      '',
    ]);

    const promoted = await models('promote', MODEL, '1', '--alias', 'champion', '--reason', 'first model');
    succeeded(promoted);
    expect(promoted.stdout).toBe('card_fraud: champion 1, challenger -, shadow -\n');
    const shown = await models('show', MODEL);
    succeeded(shown);
    expect(shown.stdout).toContain('card_fraud: versions 1\n');
    expect(shown.stdout).toMatch(/^champion\s+1\s+100%\s+-$/m);

    succeeded(await models('register', MODEL, ...(await files('v2', second))));
    succeeded(await models('promote', MODEL, '2', '--alias', 'champion'));
    const swapped = JSON.parse((await models('show', MODEL, '--json')).stdout) as { versions: string[]; aliases: Record<string, unknown> };
    expect(swapped).toMatchObject({ versions: ['1', '2'], aliases: { champion: '2', previous: { champion: ['1'] } } });

    const rolledBack = await models('rollback', MODEL, '--reason', 'spec rollback');
    succeeded(rolledBack);
    expect(rolledBack.stdout).toBe('card_fraud: champion 1, challenger -, shadow -\n');
    expect((await models('show', MODEL)).stdout).toMatch(/^champion\s+1\s+100%\s+-$/m);

    const card = JSON.parse((await models('show', MODEL, '2')).stdout) as { version: string; artifact: { sha256: string } };
    expect(card).toMatchObject({ version: '2', inputs: second.card.inputs });
  }, 60_000);

  it('prints the registry refusal and its problems and exits 1', async () => {
    const mismatched = await testModel({ seed: 9, width: 5 });
    const badCard = { ...mismatched.card, owner: '' };

    const schema = await models('register', MODEL, ...(await files('bad-card', mismatched, badCard)));
    const signature = await models('register', MODEL, ...(await files('mismatched', mismatched)));
    const missing = await models('show', 'no_such_model');

    expect(schema).toMatchObject({ code: 1, stdout: '' });
    expect(schema.stderr).toMatch(/^error: registry refused \(422 model_rejected\): model card_fraud refused: card\.owner: /);
    expect(schema.stderr).toMatch(/^ {2}- card\.owner: /m);
    expect(signature).toMatchObject({ code: 1, stdout: '' });
    expect(signature.stderr).toContain('\n  - input "features" takes 5 features per row, the card lists 29\n');
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: registry refused (404 not_found): model no_such_model is not registered\n',
    });
  }, 30_000);

  it('exits 2 when the registry cannot be reached', async () => {
    const run = await models('list', '--registry', `http://127.0.0.1:${PORT + 1}`);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: cannot reach the model registry at http://127.0.0.1:${PORT + 1}: fetch failed`);
  });
});
