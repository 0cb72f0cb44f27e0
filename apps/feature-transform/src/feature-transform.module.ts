import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaModule, KafkaService } from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import { RedisModule, RedisService } from '@mlops/redis';
import { RuntimeModule } from '@mlops/service-runtime';
import type { FeatureTransformConfig } from './feature-transform.config';
import { FeatureStateStore } from './transform/feature-state.store';
import { FeatureTransformConsumer } from './transform/feature-transform.consumer';
import { selectViews } from './transform/select-views';
import { TRANSFORM_VIEWS } from './transform/transform.tokens';

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
      providers: [
        { provide: TRANSFORM_VIEWS, useValue: selectViews(config.views) },
        {
          provide: FeatureStateStore,
          inject: [RedisService],
          useFactory: (redis: RedisService) => new FeatureStateStore(redis.client, config.kafka.topicNamespace),
        },
        FeatureTransformConsumer,
      ],
    };
  }
}
