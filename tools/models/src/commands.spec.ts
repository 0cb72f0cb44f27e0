import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AliasState, ModelCard, ModelSummary } from '@mlops/model-registry';
import type { CommandOptions } from './cli-options';
import { InputFileError, readRegistration, runCommand } from './commands';
import type { RegistryClient } from './registry.client';

const state: AliasState = {
  champion: '1',
  challenger: '2',
  shadow: null,
  challengerTraffic: 0.1,
  previous: { champion: [], challenger: [], shadow: [] },
};
const summary: ModelSummary = { name: 'm', versions: ['1', '2'], aliases: state };
const card = { name: 'm', version: '2', artifact: { uri: 'file:///x', sha256: 'ff', bytes: 3 } } as ModelCard;

/** A client answering every route from memory, remembering the calls. */
function fakeClient() {
  const calls: unknown[][] = [];
  const answer =
    <T>(name: string, value: T) =>
    (...args: unknown[]): Promise<T> => {
      calls.push([name, ...args]);
      return Promise.resolve(value);
    };
  const client = {
    list: answer('list', [summary]),
    summary: answer('summary', summary),
    card: answer('card', card),
    register: answer('register', card),
    promote: answer('promote', state),
    demote: answer('demote', state),
    rollBack: answer('rollBack', state),
  } as unknown as RegistryClient;
  return { client, calls };
}

async function run(options: CommandOptions): Promise<{ output: string; calls: unknown[][] }> {
  const { client, calls } = fakeClient();
  let output = '';
  await runCommand(options, client, (text) => (output += text));
  return { output, calls };
}

const common = { registry: undefined, json: false };

describe(runCommand.name, () => {
  it('prints tables for list and show, JSON with --json, and a card always as JSON', async () => {
    expect((await run({ ...common, command: 'list' })).output).toMatch(/^MODEL {2}VERSIONS {2}CHAMPION {2}CHALLENGER {2}SHADOW\nm {6}1-2/);
    expect(JSON.parse((await run({ ...common, json: true, command: 'list' })).output)).toEqual({ models: [summary] });
    expect((await run({ ...common, command: 'show', model: 'm', version: undefined })).output).toMatch(/^m: versions 1-2\n/);
    expect(JSON.parse((await run({ ...common, command: 'show', model: 'm', version: '2' })).output)).toEqual(card);
  });

  it('passes alias changes on and prints the state after them', async () => {
    const promoted = await run({ ...common, command: 'promote', model: 'm', version: '2', alias: 'challenger', traffic: 0.1, reason: 'r' });
    const demoted = await run({ ...common, json: true, command: 'demote', model: 'm', alias: 'shadow' });
    const rolledBack = await run({ ...common, command: 'rollback', model: 'm', alias: 'champion', reason: undefined });

    expect(promoted.calls).toEqual([
      ['promote', 'm', expect.objectContaining({ alias: 'challenger', version: '2', traffic: 0.1, reason: 'r' })],
    ]);
    expect(promoted.output).toBe('m: champion 1, challenger 2 (10%), shadow -\n');
    expect(demoted.calls).toEqual([['demote', 'm', 'shadow']]);
    expect(JSON.parse(demoted.output)).toEqual(state);
    expect(rolledBack.calls).toEqual([['rollBack', 'm', 'champion', undefined]]);
  });
});

describe(readRegistration.name, () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'models-cli-spec-'));
    await writeFile(join(directory, 'model.onnx'), Uint8Array.from([1, 2, 3]));
    await writeFile(join(directory, 'empty.onnx'), new Uint8Array(0));
    await writeFile(join(directory, 'card.json'), '{"owner":"spec"}');
    await writeFile(join(directory, 'card.txt'), 'owner: spec');
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads the artifact bytes and parses the card', async () => {
    const read = await readRegistration({ artifact: join(directory, 'model.onnx'), card: join(directory, 'card.json') });

    expect({ artifact: [...read.artifact], card: read.card }).toEqual({ artifact: [1, 2, 3], card: { owner: 'spec' } });
  });

  it('names the flag and the file it cannot use', async () => {
    const card = join(directory, 'card.json');
    const missing = join(directory, 'missing.onnx');

    await expect(readRegistration({ artifact: missing, card })).rejects.toThrow(InputFileError);
    await expect(readRegistration({ artifact: missing, card })).rejects.toMatchObject({
      flag: '--artifact',
      path: missing,
      message: `--artifact ${missing}: cannot read the file`,
    });
    await expect(readRegistration({ artifact: join(directory, 'empty.onnx'), card })).rejects.toThrow('the file is empty');
    await expect(readRegistration({ artifact: join(directory, 'model.onnx'), card: join(directory, 'card.txt') })).rejects.toThrow(
      `--card ${join(directory, 'card.txt')}: not JSON`,
    );
  });
});
