import { ConfigError } from '@mlops/config';
import { loadModelsConfig } from './models.config';

describe(loadModelsConfig.name, () => {
  it('defaults to the local stream-inference', () => {
    expect(loadModelsConfig({})).toEqual({ registryUrl: 'http://127.0.0.1:3004' });
  });

  it('reads MODEL_REGISTRY_URL without its trailing slash', () => {
    expect(loadModelsConfig({ MODEL_REGISTRY_URL: 'https://registry.internal/' })).toEqual({ registryUrl: 'https://registry.internal' });
  });

  it('refuses a value that is not an http(s) URL', () => {
    expect(() => loadModelsConfig({ MODEL_REGISTRY_URL: 'registry:3004' })).toThrow(ConfigError);
    expect(() => loadModelsConfig({ MODEL_REGISTRY_URL: 'registry:3004' })).toThrow('MODEL_REGISTRY_URL: expected an http(s) URL');
  });
});
