import { telemetry } from './instrumentation';
import 'reflect-metadata';
import { bootService } from '@mlops/service-runtime';
import { acceptRawBodies } from './events/raw-body.parser';
import { loadIngestConfig } from './ingest.config';
import { IngestModule } from './ingest.module';

bootService({
  name: 'ingest',
  telemetry,
  loadConfig: loadIngestConfig,
  module: (config, logger) => IngestModule.forRoot(config, logger),
  http: (config) => ({
    bodyLimitBytes: config.ingest.maxBodyBytes,
    configure: (app) => acceptRawBodies(app, config.ingest.maxBodyBytes),
  }),
});
