import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sleep } from '@mlops/util';
import { emptyAliasState, type AliasState } from './alias-state';
import { isModelName, type ModelCard } from './model-card';
import { ArtifactIntegrityError, ModelNotFoundError } from './registry.errors';

const CARD = 'card.json';
const ARTIFACT = 'model.onnx';
const ALIASES = 'aliases.json';
const LOCK = '.lock';
/** A lock older than this is from a crashed writer and is broken. (ms) */
const STALE_LOCK_MS = 30_000;

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Model versions on a filesystem (local, or any shared mount): `<root>/<model>/versions/<n>/`
 * holds `model.onnx` and `card.json`, written once; `<root>/<model>/aliases.json` the alias state.
 * Versions appear atomically (written aside, then renamed); alias changes are serialized by a
 * lock directory, so several registry processes can share one root.
 */
export class LocalModelStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async models(): Promise<string[]> {
    return (await listDir(this.root)).filter((name) => !name.startsWith('.')).sort();
  }

  async versions(model: string): Promise<string[]> {
    if (!isModelName(model)) return [];
    return (await listDir(join(this.root, model, 'versions'))).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(a) - Number(b));
  }

  /** Stores a new version; `card` receives the assigned version, artifact URI and digest. */
  async add(
    model: string,
    artifact: Uint8Array,
    card: (version: string, artifact: ModelCard['artifact']) => ModelCard,
  ): Promise<ModelCard> {
    const versionsDir = join(this.root, model, 'versions');
    await mkdir(versionsDir, { recursive: true });
    const digest = sha256(artifact);
    for (;;) {
      const version = String(Math.max(0, ...(await this.versions(model)).map(Number)) + 1);
      const staging = join(versionsDir, `.staging-${randomUUID()}`);
      const target = join(versionsDir, version);
      const built = card(version, { uri: pathToFileURL(join(target, ARTIFACT)).href, sha256: digest, bytes: artifact.byteLength });
      await mkdir(staging);
      await writeFile(join(staging, ARTIFACT), artifact);
      await writeFile(join(staging, CARD), `${JSON.stringify(built, null, 2)}\n`);
      try {
        await rename(staging, target);
        return built;
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        // Another writer took this number first: take the next one.
        if (!isCode(error, 'ENOTEMPTY') && !isCode(error, 'EEXIST')) throw error;
      }
    }
  }

  async card(model: string, version: string): Promise<ModelCard> {
    // Names and versions come from URLs: anything else than a model name and a number is not a path here.
    if (!isModelName(model) || !/^\d+$/.test(version)) throw new ModelNotFoundError(model, version);
    try {
      return JSON.parse(await readFile(join(this.root, model, 'versions', version, CARD), 'utf8')) as ModelCard;
    } catch (error) {
      if (isCode(error, 'ENOENT')) throw new ModelNotFoundError(model, version);
      throw error;
    }
  }

  /** The artifact's bytes, checked against the digest the card recorded. */
  async artifact(card: Pick<ModelCard, 'artifact'>): Promise<Uint8Array> {
    const { uri, sha256: expected } = card.artifact;
    if (!uri.startsWith('file:')) throw new Error(`artifact ${uri}: only file: URIs are served by the local store`);
    const bytes = await readFile(fileURLToPath(uri));
    const actual = sha256(bytes);
    if (actual !== expected) throw new ArtifactIntegrityError(uri, expected, actual);
    return bytes;
  }

  async aliases(model: string): Promise<AliasState> {
    try {
      return JSON.parse(await readFile(join(this.root, model, ALIASES), 'utf8')) as AliasState;
    } catch (error) {
      if (isCode(error, 'ENOENT')) return emptyAliasState();
      throw error;
    }
  }

  /** Read-modify-write of the alias state under the model's lock; `after` runs before the lock is released. */
  async changeAliases<T>(
    model: string,
    change: (state: AliasState) => AliasState,
    after: (state: AliasState) => Promise<T>,
  ): Promise<{ state: AliasState; result: T }> {
    const dir = join(this.root, model);
    await this.lock(dir);
    try {
      const state = change(await this.aliases(model));
      const staging = join(dir, `.${ALIASES}.${randomUUID()}`);
      await writeFile(staging, `${JSON.stringify(state, null, 2)}\n`);
      await rename(staging, join(dir, ALIASES));
      return { state, result: await after(state) };
    } finally {
      await rm(join(dir, LOCK), { recursive: true, force: true });
    }
  }

  private async lock(dir: string): Promise<void> {
    const path = join(dir, LOCK);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await mkdir(path);
        return;
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
        const age = Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
        if (age > STALE_LOCK_MS) await rm(path, { recursive: true, force: true });
        else await sleep(Math.min(100, 5 * (attempt + 1)));
      }
    }
  }
}

// Not `instanceof Error`: errors from another realm (a VM context, a test sandbox) are not instances of this one's Error.
const isCode = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
}
