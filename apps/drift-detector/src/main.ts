import { telemetry } from './instrumentation';
import 'reflect-metadata';
import { bootService } from '@mlops/service-runtime';
import { loadDriftDetectorConfig } from './drift-detector.config';
import { DriftDetectorModule } from './drift-detector.module';

bootService({
  name: 'drift-detector',
  telemetry,
  loadConfig: loadDriftDetectorConfig,
  module: (config, logger) => DriftDetectorModule.forRoot(config, logger),
});
