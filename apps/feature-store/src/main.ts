import { telemetry } from './instrumentation';
import 'reflect-metadata';
import { bootService } from '@mlops/service-runtime';
import { loadFeatureStoreConfig } from './feature-store.config';
import { FeatureStoreModule } from './feature-store.module';

bootService({
  name: 'feature-store',
  telemetry,
  loadConfig: loadFeatureStoreConfig,
  module: (config, logger) => FeatureStoreModule.forRoot(config, logger),
});
