import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { HealthCheck } from '@mlops/observability';
import { describeError } from '@mlops/util';
import type { FastifyReply } from 'fastify';
import { LifecycleState } from './lifecycle-state';

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

export interface CheckResult {
  readonly status: 'up' | 'down';
  readonly latency_ms: number;
  readonly error?: string;
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: readonly HealthCheck[],
    private readonly lifecycle: LifecycleState,
  ) {}

  /** The process is up and its event loop answers. Restarting is the only remedy when it does not. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every system this service depends on answers a real request, and it is not shutting down. */
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ status: 'ready' | 'not_ready'; checks: Record<string, CheckResult> }> {
    const results = await Promise.all(this.checks.map(async (check) => [check.name, await runCheck(check)] as const));
    const checks = Object.fromEntries(results);
    const ok = !this.lifecycle.shuttingDown && results.every(([, result]) => result.status === 'up');
    void reply.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ok ? 'ready' : 'not_ready',
      checks: this.lifecycle.shuttingDown ? { ...checks, shutdown: { status: 'down', latency_ms: 0, error: 'shutting down' } } : checks,
    };
  }
}

async function runCheck(check: HealthCheck): Promise<CheckResult> {
  const started = performance.now();
  try {
    await check.check();
    return { status: 'up', latency_ms: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    return { status: 'down', latency_ms: Math.round((performance.now() - started) * 100) / 100, error: describeError(error) };
  }
}
