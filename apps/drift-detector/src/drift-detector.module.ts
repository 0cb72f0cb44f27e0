import { Module, type DynamicModule } from '@nestjs/common';
import { ClickHouseModule, ClickHouseService } from '@mlops/clickhouse';
import { KafkaModule, KafkaService } from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import { RuntimeModule } from '@mlops/service-runtime';
import type { DriftDetectorConfig } from './drift-detector.config';

/** Data quality and drift statistics over prediction and feature logs. */
@Module({})
export class DriftDetectorModule {
  static forRoot(config: DriftDetectorConfig, logger: Logger): DynamicModule {
    return {
      module: DriftDetectorModule,
      imports: [
        RuntimeModule.forRoot({
          logger,
          healthChecks: {
            inject: [KafkaService, ClickHouseService],
            useFactory: (kafka: KafkaService, clickhouse: ClickHouseService) => [
              kafka.brokerHealth,
              kafka.registryHealth,
              clickhouse.health,
            ],
          },
        }),
        KafkaModule.forRoot(config.kafka),
        ClickHouseModule.forRoot(config.clickhouse),
      ],
    };
  }
}
