import { telemetry } from './instrumentation';
import 'reflect-metadata';
import { bootService } from '@mlops/service-runtime';
import { loadFeatureTransformConfig } from './feature-transform.config';
import { FeatureTransformModule } from './feature-transform.module';

bootService({
  name: 'feature-transform',
  telemetry,
  loadConfig: loadFeatureTransformConfig,
  module: (config, logger) => FeatureTransformModule.forRoot(config, logger),
});
