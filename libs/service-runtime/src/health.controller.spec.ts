import type { HealthCheck } from '@mlops/observability';
import type { FastifyReply } from 'fastify';
import { HealthController } from './health.controller';
import { LifecycleState } from './lifecycle-state';

function fakeReply() {
  const statuses: number[] = [];
  const reply = {
    status(code: number) {
      statuses.push(code);
      return this;
    },
  };
  return { reply: reply as unknown as FastifyReply, statuses };
}

const up = (name: string): HealthCheck => ({ name, check: () => Promise.resolve() });
const down = (name: string, error: unknown): HealthCheck => ({
  name,
  // A check may reject with anything, not only an Error; the controller must still report it.
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  check: () => Promise.reject(error),
});

describe(HealthController.name, () => {
  let lifecycle: LifecycleState;

  beforeEach(() => {
    lifecycle = new LifecycleState();
  });

  describe('live', () => {
    it('returns ok', () => {
      expect(new HealthController([down('kafka', new Error('down'))], lifecycle).live()).toEqual({ status: 'ok' });
    });

    it('returns ok while shutting down', () => {
      lifecycle.shuttingDown = true;

      expect(new HealthController([], lifecycle).live()).toEqual({ status: 'ok' });
    });
  });

  describe('ready', () => {
    it('answers 200 ready when every check passes, with each check up and its latency', async () => {
      const { reply, statuses } = fakeReply();
      const controller = new HealthController([up('kafka'), up('redis')], lifecycle);

      const body = await controller.ready(reply);

      expect(statuses).toEqual([200]);
      expect(body).toEqual({
        status: 'ready',
        checks: {
          kafka: { status: 'up', latency_ms: expect.any(Number) as unknown },
          redis: { status: 'up', latency_ms: expect.any(Number) as unknown },
        },
      });
      expect(body.checks.kafka?.latency_ms).toBeGreaterThanOrEqual(0);
    });

    it('answers 200 ready when the service depends on nothing', async () => {
      const { reply, statuses } = fakeReply();

      await expect(new HealthController([], lifecycle).ready(reply)).resolves.toEqual({ status: 'ready', checks: {} });
      expect(statuses).toEqual([200]);
    });

    it("answers 503 not_ready when one check fails, with that check's error and its causes", async () => {
      const { reply, statuses } = fakeReply();
      const failure = new Error('ping failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:6379') });
      const controller = new HealthController([up('kafka'), down('redis', failure)], lifecycle);

      const body = await controller.ready(reply);

      expect(statuses).toEqual([503]);
      expect(body.status).toBe('not_ready');
      expect(body.checks.kafka?.status).toBe('up');
      expect(body.checks.redis).toEqual({
        status: 'down',
        latency_ms: expect.any(Number) as unknown,
        error: 'ping failed: connect ECONNREFUSED 127.0.0.1:6379',
      });
    });

    it('reports a check that throws a non-Error value', async () => {
      const { reply } = fakeReply();

      const body = await new HealthController([down('clickhouse', 'timeout')], lifecycle).ready(reply);

      expect(body.checks.clickhouse).toMatchObject({ status: 'down', error: 'timeout' });
    });

    it('reports a check that throws synchronously as down', async () => {
      const { reply, statuses } = fakeReply();
      const throwing: HealthCheck = {
        name: 'onnx',
        check: () => {
          throw new Error('model not loaded');
        },
      };

      const body = await new HealthController([throwing], lifecycle).ready(reply);

      expect(statuses).toEqual([503]);
      expect(body.checks.onnx).toMatchObject({ status: 'down', error: 'model not loaded' });
    });

    it('answers 503 with a shutdown entry when shutting down, even when every check passes', async () => {
      const { reply, statuses } = fakeReply();
      lifecycle.shuttingDown = true;

      const body = await new HealthController([up('kafka')], lifecycle).ready(reply);

      expect(statuses).toEqual([503]);
      expect(body).toEqual({
        status: 'not_ready',
        checks: {
          kafka: { status: 'up', latency_ms: expect.any(Number) as unknown },
          shutdown: { status: 'down', latency_ms: 0, error: 'shutting down' },
        },
      });
    });

    it('runs the checks concurrently', async () => {
      const { reply } = fakeReply();
      const started: string[] = [];
      let releaseSlow: () => void = () => undefined;
      const slow: HealthCheck = {
        name: 'slow',
        check: () => {
          started.push('slow');
          return new Promise<void>((resolve) => {
            releaseSlow = resolve;
          });
        },
      };
      const fast: HealthCheck = {
        name: 'fast',
        check: () => {
          started.push('fast');
          return Promise.resolve();
        },
      };

      const ready = new HealthController([slow, fast], lifecycle).ready(reply);
      await Promise.resolve();
      expect(started).toEqual(['slow', 'fast']);

      releaseSlow();
      await expect(ready).resolves.toMatchObject({ status: 'ready' });
    });
  });
});

describe(HealthController.name, () => {
  it('answers 503 with an error string when a check rejects with a BigInt-carrying object', async () => {
    const statuses: number[] = [];
    const reply = { status: (code: number) => void statuses.push(code) } as unknown as FastifyReply;
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    const controller = new HealthController([{ name: 'redis', check: () => Promise.reject({ offset: 1n }) }], new LifecycleState());

    await expect(controller.ready(reply)).resolves.toMatchObject({ status: 'not_ready' }); // regression: was rejects with TypeError (BigInt)
    expect(statuses).toEqual([503]);
  });

  it('reports an error string when a check rejects with undefined', async () => {
    const reply = { status: () => undefined } as unknown as FastifyReply;
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    const controller = new HealthController([{ name: 'redis', check: () => Promise.reject(undefined) }], new LifecycleState());

    const body = await controller.ready(reply);
    expect(typeof body.checks.redis?.error).toBe('string'); // regression: was undefined, so the JSON body has no error at all
  });
});
