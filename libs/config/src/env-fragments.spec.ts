import { z } from 'zod';
import { ConfigError } from './config-error';
import {
  clickhouseEnv,
  clickhouseSettings,
  kafkaEnv,
  kafkaSettings,
  portEnv,
  redisEnv,
  serviceEnv,
  serviceSettings,
} from './env-fragments';
import { loadConfig, type Env } from './load-config';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

const kafka = z.object(kafkaEnv);
const validKafka = { KAFKA_BROKERS: 'localhost:9092', SCHEMA_REGISTRY_URL: 'http://localhost:8081' };
const loadKafka = (env: Env) => loadConfig('svc', kafka, { ...validKafka, ...env });

describe('kafkaEnv', () => {
  it('parses KAFKA_BROKERS as a comma-separated list of host:port, trimming blanks', () => {
    const config = loadKafka({ KAFKA_BROKERS: ' kafka-1:9092 , kafka-2:9093,,10.0.0.3:19092 ' });

    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9093', '10.0.0.3:19092']);
  });

  it.each([['localhost'], ['localhost:'], [':9092'], ['kafka 1:9092'], ['kafka:port'], ['host:9092:1']])(
    'refuses KAFKA_BROKERS entry %j, naming the variable',
    (entry) => {
      const problems = problemsOf(() => loadKafka({ KAFKA_BROKERS: `ok:9092,${entry}` }));

      expect(problems).toEqual([expect.stringMatching(/^KAFKA_BROKERS\b.*expected host:port$/)]);
    },
  );

  it('refuses a KAFKA_BROKERS holding only separators', () => {
    expect(problemsOf(() => loadKafka({ KAFKA_BROKERS: ' , ,' }))).toEqual(['KAFKA_BROKERS: expected at least one host:port']);
  });

  it('requires KAFKA_BROKERS and SCHEMA_REGISTRY_URL', () => {
    const problems = problemsOf(() => loadConfig('svc', kafka, {}));

    expect(problems).toEqual(['KAFKA_BROKERS: is required', 'SCHEMA_REGISTRY_URL: is required']);
  });

  it.each([['http://registry:8081'], ['https://registry.example.com/apis/ccompat/v7']])('accepts SCHEMA_REGISTRY_URL %j', (url) => {
    expect(loadKafka({ SCHEMA_REGISTRY_URL: url }).SCHEMA_REGISTRY_URL).toBe(url);
  });

  it.each([['registry:8081'], ['ftp://registry'], ['http://'], ['http://a b']])('refuses SCHEMA_REGISTRY_URL %j', (url) => {
    expect(problemsOf(() => loadKafka({ SCHEMA_REGISTRY_URL: url }))).toEqual(['SCHEMA_REGISTRY_URL: expected an http(s) URL']);
  });

  it('leaves KAFKA_CLIENT_ID unset when absent, and kafkaSettings falls back to the service name', () => {
    const config = loadKafka({});

    expect(config.KAFKA_CLIENT_ID).toBeUndefined();
    expect(kafkaSettings(config, 'ingest')).toEqual({
      brokers: ['localhost:9092'],
      clientId: 'ingest',
      schemaRegistryUrl: 'http://localhost:8081',
      topicNamespace: '',
    });
  });

  it('uses KAFKA_CLIENT_ID as the client id when set', () => {
    expect(kafkaSettings(loadKafka({ KAFKA_CLIENT_ID: 'ingest-7' }), 'ingest').clientId).toBe('ingest-7');
  });

  it('takes TOPIC_NAMESPACE as the topic namespace', () => {
    expect(kafkaSettings(loadKafka({ TOPIC_NAMESPACE: 'tenant-a' }), 'ingest').topicNamespace).toBe('tenant-a');
  });

  it('refuses a TOPIC_NAMESPACE with characters Kafka or our names do not allow', () => {
    expect(problemsOf(() => loadKafka({ TOPIC_NAMESPACE: 'Tenant A' }))).toEqual([
      'TOPIC_NAMESPACE: expected lowercase letters, digits, "_" or "-"',
    ]);
  });
});

describe('redisEnv', () => {
  const redis = z.object(redisEnv);

  it.each([['redis://localhost:6379'], ['rediss://user:pw@redis.example.com:6380/2']])('accepts REDIS_URL %j', (url) => {
    expect(loadConfig('svc', redis, { REDIS_URL: url }).REDIS_URL).toBe(url);
  });

  it.each([['localhost:6379'], ['http://localhost:6379'], ['redis://']])('refuses REDIS_URL %j, naming the variable', (url) => {
    expect(problemsOf(() => loadConfig('svc', redis, { REDIS_URL: url }))).toEqual(['REDIS_URL: expected a redis:// URL']);
  });

  it('requires REDIS_URL', () => {
    expect(problemsOf(() => loadConfig('svc', redis, { REDIS_URL: '' }))).toEqual(['REDIS_URL: is required']);
  });
});

describe('clickhouseEnv', () => {
  const clickhouse = z.object(clickhouseEnv);

  it('applies the database, user and password defaults', () => {
    const config = loadConfig('svc', clickhouse, { CLICKHOUSE_URL: 'http://localhost:8123' });

    expect(clickhouseSettings(config)).toEqual({ url: 'http://localhost:8123', database: 'mlops', username: 'default', password: '' });
  });

  it.each([['mlops'], ['_staging'], ['Mlops_2']])('accepts CLICKHOUSE_DATABASE %j', (database) => {
    const config = loadConfig('svc', clickhouse, { CLICKHOUSE_URL: 'http://c', CLICKHOUSE_DATABASE: database });

    expect(config.CLICKHOUSE_DATABASE).toBe(database);
  });

  it.each([['2mlops'], ['ml-ops'], ['mlops; DROP DATABASE x'], ['ml ops'], ['db.table']])(
    'refuses CLICKHOUSE_DATABASE %j, which is not a plain identifier',
    (database) => {
      const problems = problemsOf(() => loadConfig('svc', clickhouse, { CLICKHOUSE_URL: 'http://c', CLICKHOUSE_DATABASE: database }));

      expect(problems).toEqual(['CLICKHOUSE_DATABASE: expected a plain identifier']);
    },
  );

  it('refuses a CLICKHOUSE_URL that is not http(s)', () => {
    expect(problemsOf(() => loadConfig('svc', clickhouse, { CLICKHOUSE_URL: 'tcp://c:9000' }))).toEqual([
      'CLICKHOUSE_URL: expected an http(s) URL',
    ]);
  });
});

describe('serviceEnv', () => {
  const service = z.object({ ...serviceEnv, ...portEnv(8080) });

  it('applies the host, log level, shutdown timeout and port defaults', () => {
    const config = loadConfig('svc', service, {});

    expect(serviceSettings(config)).toEqual({ host: '0.0.0.0', port: 8080, logLevel: 'info', shutdownTimeoutMs: 15_000 });
  });

  it.each([['trace'], ['debug'], ['info'], ['warn'], ['error'], ['fatal']])('accepts LOG_LEVEL %j', (level) => {
    expect(loadConfig('svc', service, { LOG_LEVEL: level }).LOG_LEVEL).toBe(level);
  });

  it.each([['verbose'], ['INFO'], ['silent']])('refuses LOG_LEVEL %j, naming the variable and the allowed levels', (level) => {
    const problems = problemsOf(() => loadConfig('svc', service, { LOG_LEVEL: level }));

    expect(problems).toEqual([expect.stringMatching(/^LOG_LEVEL: .*"trace"\|"debug"\|"info"\|"warn"\|"error"\|"fatal"/)]);
  });

  it('coerces PORT and SHUTDOWN_TIMEOUT_MS to numbers', () => {
    const config = loadConfig('svc', service, { PORT: '3001', SHUTDOWN_TIMEOUT_MS: '500' });

    expect(config.PORT).toBe(3001);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(500);
  });

  it.each([['0'], ['65536'], ['80.5'], ['http']])('refuses PORT %j', (port) => {
    expect(problemsOf(() => loadConfig('svc', service, { PORT: port }))).toEqual([expect.stringMatching(/^PORT: /)]);
  });

  it.each([['0'], ['-1'], ['1.5'], ['soon']])('refuses SHUTDOWN_TIMEOUT_MS %j', (timeout) => {
    expect(problemsOf(() => loadConfig('svc', service, { SHUTDOWN_TIMEOUT_MS: timeout }))).toEqual([
      expect.stringMatching(/^SHUTDOWN_TIMEOUT_MS: /),
    ]);
  });
});
