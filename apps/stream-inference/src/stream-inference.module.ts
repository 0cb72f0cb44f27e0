import { Module, type DynamicModule } from '@nestjs/common';
import { ClickHouseModule, ClickHouseService } from '@mlops/clickhouse';
import { KafkaModule, KafkaService } from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import { RedisModule, RedisService } from '@mlops/redis';
import { RuntimeModule } from '@mlops/service-runtime';
import type { StreamInferenceConfig } from './stream-inference.config';

/** ONNX models scoring feature streams, with champion/challenger/shadow routing. */
@Module({})
export class StreamInferenceModule {
  static forRoot(config: StreamInferenceConfig, logger: Logger): DynamicModule {
    return {
      module: StreamInferenceModule,
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
