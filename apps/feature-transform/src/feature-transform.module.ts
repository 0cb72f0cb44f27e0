import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaModule, KafkaService } from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import { RedisModule, RedisService } from '@mlops/redis';
import { RuntimeModule } from '@mlops/service-runtime';
import type { FeatureTransformConfig } from './feature-transform.config';

/** Streaming windowed features from event topics. */
@Module({})
export class FeatureTransformModule {
  static forRoot(config: FeatureTransformConfig, logger: Logger): DynamicModule {
    return {
      module: FeatureTransformModule,
      imports: [
        RuntimeModule.forRoot({
          logger,
          healthChecks: {
            inject: [KafkaService, RedisService],
            useFactory: (kafka: KafkaService, redis: RedisService) => [kafka.brokerHealth, kafka.registryHealth, redis.health],
          },
        }),
        KafkaModule.forRoot(config.kafka),
        RedisModule.forRoot(config.redis),
      ],
    };
  }
}
