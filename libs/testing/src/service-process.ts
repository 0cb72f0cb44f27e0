import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(__dirname, '..', '..', '..');

/** A service started as its own OS process, exactly as an operator would run it. */
export class ServiceProcess {
  readonly output: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly port: number,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', name, 'src', 'main.ts')], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Also kept on disk, to read after a failed run: .run/spec-logs/<service>-<port>.log
    const logDir = join(ROOT, '.run', 'spec-logs');
    mkdirSync(logDir, { recursive: true });
    const file = createWriteStream(join(logDir, `${name}-${port}.log`));
    this.child.once('exit', () => file.end());
    const collect = (chunk: Buffer) => {
      file.write(chunk);
      this.output.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line.length > 0),
      );
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  static start(name: string, port: number, env: Record<string, string>): ServiceProcess {
    return new ServiceProcess(name, port, env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves with the readiness body once `/health/ready` answers 200. */
  async waitReady(timeoutMs = 60_000): Promise<unknown> {
    return waitFor(
      `${this.name} ready on :${this.port}`,
      async () => {
        if (this.child.exitCode !== null) throw new Error(`${this.name} exited with ${this.child.exitCode}:\n${this.output.join('\n')}`);
        const response = await fetch(`${this.url}/health/ready`);
        return response.status === 200 ? await response.json() : undefined;
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  /** Sends `signal` and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** Resolves with the exit code when the process ends by itself. */
  waitExit(): Promise<number | null> {
    return this.exited;
  }
}
