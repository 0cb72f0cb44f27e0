import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describeError } from '@mlops/util';

const run = promisify(execFile);

/**
 * The commit the trainer ran from, `-dirty` when the working tree has changes (the code that
 * trained may then differ from the commit), or `unknown` when git cannot tell; `problem` then
 * says why, for the operator to see.
 */
export async function codeRevision(cwd: string): Promise<{ readonly revision: string; readonly problem?: string }> {
  try {
    const head = (await run('git', ['rev-parse', 'HEAD'], { cwd })).stdout.trim();
    const status = (await run('git', ['status', '--porcelain'], { cwd, maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
    return { revision: status === '' ? head : `${head}-dirty` };
  } catch (error) {
    return { revision: 'unknown', problem: `git cannot tell the code revision: ${describeError(error)}` };
  }
}
