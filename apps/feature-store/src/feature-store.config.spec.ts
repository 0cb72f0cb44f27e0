import { ConfigError } from '@mlops/config';
import { loadFeatureStoreConfig } from './feature-store.config';

const base = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
  REDIS_URL: 'redis://127.0.0.1:6379',
  CLICKHOUSE_URL: 'http://127.0.0.1:8123',
};

describe(loadFeatureStoreConfig.name, () => {
  it('defaults to port 3003, 1000 entities per lookup, no extra views', () => {
    const config = loadFeatureStoreConfig(base);
    expect(config.service.port).toBe(3003);
    expect(config.featureStore).toEqual({ maxEntities: 1_000, extraViews: [], partitionsConsumedConcurrently: 3 });
    expect(config.kafka.topicNamespace).toBe('');
  });

  it('reads the limits and the extra view sets', () => {
    const config = loadFeatureStoreConfig({ ...base, FEATURE_STORE_MAX_ENTITIES: '250', FEATURE_STORE_EXTRA_VIEWS: 'bench' });
    expect(config.featureStore).toMatchObject({ maxEntities: 250, extraViews: ['bench'] });
  });

  it('reports every bad variable at once', () => {
    const load = () => loadFeatureStoreConfig({ ...base, FEATURE_STORE_MAX_ENTITIES: '0', FEATURE_STORE_EXTRA_VIEWS: 'bench,wide' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/FEATURE_STORE_MAX_ENTITIES[\s\S]*FEATURE_STORE_EXTRA_VIEWS/);
  });
});
