import { ConfigError } from '@mlops/config';
import { loadStreamInferenceConfig } from './stream-inference.config';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CLICKHOUSE_URL: 'http://127.0.0.1:8123',
};

/** The problems a bad environment is refused with. */
function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadStreamInferenceConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe(loadStreamInferenceConfig.name, () => {
  it('defaults to port 3004, the card_fraud model over user_transactions, batches of 256 within 5 ms', () => {
    const config = loadStreamInferenceConfig(base);

    expect(config.service.port).toBe(3004);
    expect(config.kafka).toMatchObject({ clientId: 'stream-inference', topicNamespace: '' });
    expect(config.inference).toEqual({
      models: ['card_fraud'],
      views: ['user_transactions'],
      registryDir: '.run/models',
      maxBatch: 256,
      maxWaitMs: 100,
      ortThreads: 1,
      partitionsConsumedConcurrently: 3,
      featureStoreUrl: 'http://127.0.0.1:3003',
      logMaxRows: 10_000,
      logMaxDelayMs: 200,
      maxArtifactBytes: 64 * 1024 * 1024,
    });
  });

  it('reads every inference variable, trimming lists and the feature-store URL', () => {
    const config = loadStreamInferenceConfig({
      ...base,
      PORT: '13414',
      INFERENCE_MODELS: ' card_fraud , card_fraud_v2,',
      INFERENCE_VIEWS: 'user_transactions,merchant_transactions',
      MODEL_REGISTRY_DIR: '/var/lib/models',
      INFERENCE_MAX_BATCH: '1024',
      INFERENCE_MAX_WAIT_MS: '20',
      INFERENCE_ORT_THREADS: '2',
      INFERENCE_PARTITIONS_CONCURRENTLY: '6',
      FEATURE_STORE_URL: 'http://feature-store:3003//',
      PREDICTION_LOG_MAX_ROWS: '500',
      PREDICTION_LOG_MAX_DELAY_MS: '50',
      MODEL_MAX_ARTIFACT_BYTES: '1048576',
    });

    expect(config.service.port).toBe(13_414);
    expect(config.inference).toEqual({
      models: ['card_fraud', 'card_fraud_v2'],
      views: ['user_transactions', 'merchant_transactions'],
      registryDir: '/var/lib/models',
      maxBatch: 1_024,
      maxWaitMs: 20,
      ortThreads: 2,
      partitionsConsumedConcurrently: 6,
      featureStoreUrl: 'http://feature-store:3003',
      logMaxRows: 500,
      logMaxDelayMs: 50,
      maxArtifactBytes: 1_048_576,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadStreamInferenceConfig({ ...base, INFERENCE_MODELS: '', MODEL_REGISTRY_DIR: '' }).inference).toMatchObject({
      models: ['card_fraud'],
      registryDir: '.run/models',
    });
  });

  it('reports every bad variable at once', () => {
    const env = {
      ...base,
      INFERENCE_MODELS: 'card_fraud,Card Fraud',
      INFERENCE_VIEWS: ',',
      INFERENCE_MAX_BATCH: '0',
      INFERENCE_MAX_WAIT_MS: '10001',
      INFERENCE_ORT_THREADS: 'two',
      INFERENCE_PARTITIONS_CONCURRENTLY: '1.5',
      FEATURE_STORE_URL: 'feature-store:3003',
      PREDICTION_LOG_MAX_ROWS: '-1',
      MODEL_MAX_ARTIFACT_BYTES: 'lots',
    };

    expect(() => loadStreamInferenceConfig(env)).toThrow(ConfigError);
    expect(problemsOf(env).map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      'INFERENCE_MODELS.1',
      'INFERENCE_VIEWS',
      'INFERENCE_MAX_BATCH',
      'INFERENCE_MAX_WAIT_MS',
      'INFERENCE_ORT_THREADS',
      'INFERENCE_PARTITIONS_CONCURRENTLY',
      'FEATURE_STORE_URL',
      'PREDICTION_LOG_MAX_ROWS',
      'MODEL_MAX_ARTIFACT_BYTES',
    ]);
    expect(problemsOf(env)).toContain('INFERENCE_MODELS.1: expected a model name (lowercase letters, digits, "_" or "-")');
    expect(problemsOf(env)).toContain('INFERENCE_VIEWS: expected at least one view name');
    expect(problemsOf(env)).toContain('FEATURE_STORE_URL: expected an http(s) URL');
  });

  it('requires the servers it talks to', () => {
    expect(problemsOf({})).toEqual([
      'KAFKA_BROKERS: is required',
      'SCHEMA_REGISTRY_URL: is required',
      'REDIS_URL: is required',
      'CLICKHOUSE_URL: is required',
    ]);
  });
});
