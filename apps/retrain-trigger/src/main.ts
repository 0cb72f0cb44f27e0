import { telemetry } from './instrumentation';
import 'reflect-metadata';
import { bootService } from '@mlops/service-runtime';
import { loadRetrainTriggerConfig } from './retrain-trigger.config';
import { RetrainTriggerModule } from './retrain-trigger.module';

bootService({
  name: 'retrain-trigger',
  telemetry,
  loadConfig: loadRetrainTriggerConfig,
  module: (config, logger) => RetrainTriggerModule.forRoot(config, logger),
});
