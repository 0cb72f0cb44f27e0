import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaModule, KafkaService } from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import { RedisModule, RedisService } from '@mlops/redis';
import { RuntimeModule } from '@mlops/service-runtime';
import type { RetrainTriggerConfig } from './retrain-trigger.config';

/** Policies that turn drift and performance drops into retraining requests. */
@Module({})
export class RetrainTriggerModule {
  static forRoot(config: RetrainTriggerConfig, logger: Logger): DynamicModule {
    return {
      module: RetrainTriggerModule,
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
