import { telemetry } from './instrumentation';
import 'reflect-metadata';
import { acceptJsonBodies, bootService } from '@mlops/service-runtime';
import { loadStreamInferenceConfig } from './stream-inference.config';
import { StreamInferenceModule } from './stream-inference.module';

/** Room for a base64 artifact (4/3 of its bytes) and its card. (bytes) */
const bodyLimit = (maxArtifactBytes: number): number => Math.ceil((maxArtifactBytes * 4) / 3) + 4 * 1_048_576;

bootService({
  name: 'stream-inference',
  telemetry,
  loadConfig: loadStreamInferenceConfig,
  module: (config, logger) => StreamInferenceModule.forRoot(config, logger),
  http: (config) => {
    const limit = bodyLimit(config.inference.maxArtifactBytes);
    return { bodyLimitBytes: limit, configure: (app) => acceptJsonBodies(app, limit) };
  },
});
