import { Module, type DynamicModule } from '@nestjs/common';
import { ClickHouseModule, ClickHouseService } from '@mlops/clickhouse';
import { KafkaModule, KafkaService } from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import { RedisModule, RedisService } from '@mlops/redis';
import { RuntimeModule } from '@mlops/service-runtime';
import type { FeatureStoreConfig } from './feature-store.config';

/** Online feature store on Redis; offline history in ClickHouse. */
@Module({})
export class FeatureStoreModule {
  static forRoot(config: FeatureStoreConfig, logger: Logger): DynamicModule {
    return {
      module: FeatureStoreModule,
      imports: [
        RuntimeModule.forRoot({
          logger,
          healthChecks: {
            inject: [KafkaService, RedisService, ClickHouseService],
            useFactory: (kafka: KafkaService, redis: RedisService, clickhouse: ClickHouseService) => [
              kafka.brokerHealth,
              kafka.registryHealth,
              redis.health,
              clickhouse.health,
            ],
          },
        }),
        KafkaModule.forRoot(config.kafka),
        RedisModule.forRoot(config.redis),
        ClickHouseModule.forRoot(config.clickhouse),
      ],
    };
  }
}
