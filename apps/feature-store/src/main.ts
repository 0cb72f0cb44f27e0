import { telemetry } from './instrumentation';
import 'reflect-metadata';
import { acceptJsonBodies, bootService } from '@mlops/service-runtime';
import { loadFeatureStoreConfig } from './feature-store.config';
import { FeatureStoreModule } from './feature-store.module';

/** Largest request body; a lookup of 1000 entities is ~40 KiB. (bytes) */
const BODY_LIMIT_BYTES = 1_048_576;

bootService({
  name: 'feature-store',
  telemetry,
  loadConfig: loadFeatureStoreConfig,
  module: (config, logger) => FeatureStoreModule.forRoot(config, logger),
  http: () => ({ bodyLimitBytes: BODY_LIMIT_BYTES, configure: (app) => acceptJsonBodies(app, BODY_LIMIT_BYTES) }),
});
