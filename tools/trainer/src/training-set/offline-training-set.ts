import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Env } from '@mlops/config';
import type { FeatureView } from '@mlops/features';

const ROOT = join(__dirname, '..', '..', '..', '..');
const OFFLINE_CLI = join('tools', 'feature-offline', 'src', 'cli.ts');
/** Lines of the offline tool's stderr kept for an error message. */
const KEPT_LINES = 30;

export interface OfflineTrainingSetRequest {
  readonly view: FeatureView;
  readonly database: string;
  /** Topic namespace of the archived events; '' = the offline tool's own default. */
  readonly namespace: string;
  /** NDJSON file to write. */
  readonly out: string;
  /** The offline tool's environment (CLICKHOUSE_URL, credentials, PATH…). */
  readonly env: Env;
  /** Receives each line the tool prints on stderr (its progress and summary). */
  readonly say: (line: string) => void;
}

/** The offline tool failed; `output` is the end of what it printed. */
export class OfflineTrainingSetError extends Error {
  override readonly name = 'OfflineTrainingSetError';
  constructor(
    readonly exitCode: number | null,
    readonly output: readonly string[],
  ) {
    super(`features:offline training-set exited with ${exitCode ?? 'a signal'}:\n${output.join('\n')}`);
  }
}

/** The command line that builds the training set: one row per labelled transaction, its own streamed vector, as NDJSON. */
export function offlineTrainingSetArgs(request: Pick<OfflineTrainingSetRequest, 'view' | 'database' | 'namespace' | 'out'>): string[] {
  return [
    '-r',
    '@swc-node/register',
    OFFLINE_CLI,
    'training-set',
    '--view',
    request.view.name,
    '--version',
    String(request.view.version),
    '--database',
    request.database,
    ...(request.namespace === '' ? [] : ['--namespace', request.namespace]),
    '--from-labels',
    '--format',
    'ndjson',
    '--out',
    request.out,
  ];
}

/**
 * Runs `features:offline training-set --from-labels` as its own process, the same code that
 * builds training sets by hand, so the trainer sees exactly the point-in-time vectors it writes.
 */
export async function buildOfflineTrainingSet(request: OfflineTrainingSetRequest): Promise<void> {
  const child = spawn(process.execPath, offlineTrainingSetArgs(request), {
    cwd: ROOT,
    env: { ...request.env },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const kept: string[] = [];
  let partial = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      request.say(line);
      kept.push(line);
      if (kept.length > KEPT_LINES) kept.shift();
    }
  });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  if (partial !== '') {
    request.say(partial);
    kept.push(partial);
  }
  if (exitCode !== 0) throw new OfflineTrainingSetError(exitCode, kept);
}
