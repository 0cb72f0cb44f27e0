import { readFile } from 'node:fs/promises';
import type { CommandOptions, RegisterOptions } from './cli-options';
import { formatAliasState, formatJson, formatModelList, formatRegistered, formatSummary } from './output';
import type { RegistryClient } from './registry.client';

/** A file named on the command line that cannot be read or parsed. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
  constructor(
    readonly flag: string,
    readonly path: string,
    problem: string,
    cause?: unknown,
  ) {
    super(`${flag} ${path}: ${problem}`, { cause });
  }
}

/** Runs one command against the registry and writes its result with `write` (stdout). */
export async function runCommand(options: CommandOptions, client: RegistryClient, write: (text: string) => void): Promise<void> {
  const show = (value: unknown, human: () => string) => write(options.json ? formatJson(value) : human());
  if (options.command === 'list') {
    const models = await client.list();
    return show({ models }, () => formatModelList(models));
  }
  if (options.command === 'show') {
    if (options.version !== undefined) return write(formatJson(await client.card(options.model, options.version)));
    const summary = await client.summary(options.model);
    return show(summary, () => formatSummary(summary));
  }
  if (options.command === 'register') {
    const { artifact, card } = await readRegistration(options);
    const registered = await client.register(options.model, card, artifact);
    return show(registered, () => formatRegistered(registered));
  }
  const state =
    options.command === 'promote'
      ? await client.promote(options.model, options)
      : options.command === 'demote'
        ? await client.demote(options.model, options.alias)
        : await client.rollBack(options.model, options.alias, options.reason);
  return show(state, () => formatAliasState(options.model, state));
}

/** The artifact's bytes and the card, parsed as JSON (the registry checks the rest). */
export async function readRegistration(
  options: Pick<RegisterOptions, 'artifact' | 'card'>,
): Promise<{ artifact: Uint8Array; card: unknown }> {
  const read = async (flag: string, path: string): Promise<Buffer> => {
    try {
      return await readFile(path);
    } catch (error) {
      throw new InputFileError(flag, path, 'cannot read the file', error);
    }
  };
  const [artifact, cardText] = await Promise.all([read('--artifact', options.artifact), read('--card', options.card)]);
  if (artifact.byteLength === 0) throw new InputFileError('--artifact', options.artifact, 'the file is empty');
  try {
    return { artifact, card: JSON.parse(cardText.toString('utf8')) as unknown };
  } catch (error) {
    throw new InputFileError('--card', options.card, 'not JSON', error);
  }
}
