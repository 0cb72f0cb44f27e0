import { telemetry } from './instrumentation';
import 'reflect-metadata';
import { bootService } from '@mlops/service-runtime';
import { loadStreamInferenceConfig } from './stream-inference.config';
import { StreamInferenceModule } from './stream-inference.module';

bootService({
  name: 'stream-inference',
  telemetry,
  loadConfig: loadStreamInferenceConfig,
  module: (config, logger) => StreamInferenceModule.forRoot(config, logger),
});
