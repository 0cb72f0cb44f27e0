import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaModule, KafkaService } from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import { RuntimeModule } from '@mlops/service-runtime';
import type { IngestConfig } from './ingest.config';

/** HTTP and Kafka entry of events, validated against their registered schemas. */
@Module({})
export class IngestModule {
  static forRoot(config: IngestConfig, logger: Logger): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        RuntimeModule.forRoot({
          logger,
          healthChecks: {
            inject: [KafkaService],
            useFactory: (kafka: KafkaService) => [kafka.brokerHealth, kafka.registryHealth],
          },
        }),
        KafkaModule.forRoot(config.kafka),
      ],
    };
  }
}
