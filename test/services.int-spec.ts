import { ServiceProcess, serviceEnv, waitFor } from '@mlops/testing';

/** Each service and the systems its readiness checks. */
const services = {
  ingest: ['kafka', 'schema-registry', 'redis', 'clickhouse'],
  'feature-transform': ['kafka', 'schema-registry', 'redis'],
  'feature-store': ['kafka', 'schema-registry', 'redis', 'clickhouse'],
  'stream-inference': ['kafka', 'schema-registry', 'redis', 'clickhouse'],
  'drift-detector': ['kafka', 'schema-registry', 'clickhouse'],
  'retrain-trigger': ['kafka', 'schema-registry', 'redis'],
} as const;

const BASE_PORT = 13_100;

interface Readiness {
  status: string;
  checks: Record<string, { status: string; error?: string }>;
}

describe('the six services', () => {
  const running = Object.keys(services).map((name, i) => ServiceProcess.start(name, BASE_PORT + i, serviceEnv()));

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop('SIGKILL')));
  });

  it('boot against the real servers and report ready with every dependency up', async () => {
    const bodies = (await Promise.all(running.map((service) => service.waitReady(90_000)))) as Readiness[];
    bodies.forEach((body, i) => {
      const expected = Object.values(services)[i] ?? [];
      expect(body.status).toBe('ready');
      expect(Object.keys(body.checks).sort()).toEqual([...expected].sort());
      expect(Object.values(body.checks).every((check) => check.status === 'up')).toBe(true);
    });
    for (const service of running) {
      const live = await fetch(`${service.url}/health/live`);
      expect(live.status).toBe(200);
    }
  });

  it('exit 0 on SIGTERM after a graceful shutdown, logged as JSON', async () => {
    const codes = await Promise.all(running.map((service) => service.stop('SIGTERM')));
    expect(codes).toEqual(running.map(() => 0));
    for (const service of running) {
      const records = service.output
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg: string; service: string });
      expect(records.map((r) => r.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
      expect(records.every((r) => r.service === service.name)).toBe(true);
    }
  });
});

describe('service configuration', () => {
  it('refuses to start on a bad environment, listing every bad variable at once', async () => {
    const service = ServiceProcess.start('stream-inference', BASE_PORT + 10, {
      KAFKA_BROKERS: 'not-a-broker',
      REDIS_URL: 'http://wrong-scheme',
      LOG_LEVEL: 'chatty',
    });
    expect(await service.waitExit()).toBe(1);
    const message = service.output.join('\n');
    for (const variable of ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'REDIS_URL', 'CLICKHOUSE_URL', 'LOG_LEVEL']) {
      expect(message).toContain(variable);
    }
    expect(message).toContain('invalid configuration for stream-inference');
  });
});

describe('readiness', () => {
  it('is live but not ready while a dependency does not answer', async () => {
    const service = ServiceProcess.start('feature-transform', BASE_PORT + 11, serviceEnv({ REDIS_URL: 'redis://127.0.0.1:1' }));
    try {
      const body = await waitFor('a readiness answer', async () => {
        const response = await fetch(`${service.url}/health/ready`);
        return response.status === 503 ? ((await response.json()) as Readiness) : undefined;
      });
      expect(body.status).toBe('not_ready');
      expect(body.checks['redis']?.status).toBe('down');
      expect(body.checks['kafka']?.status).toBe('up');
      expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    } finally {
      expect(await service.stop('SIGTERM')).toBe(0);
    }
  });
});
