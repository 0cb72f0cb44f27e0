import { telemetry } from './instrumentation';
import 'reflect-metadata';
import { bootService } from '@mlops/service-runtime';
import { loadIngestConfig } from './ingest.config';
import { IngestModule } from './ingest.module';

bootService({ name: 'ingest', telemetry, loadConfig: loadIngestConfig, module: (config, logger) => IngestModule.forRoot(config, logger) });
