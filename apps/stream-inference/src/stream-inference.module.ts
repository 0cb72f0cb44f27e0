import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ClickHouseModule, ClickHouseService } from '@mlops/clickhouse';
import { KafkaModule, KafkaService } from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import { RedisModule, RedisService } from '@mlops/redis';
import { RuntimeModule } from '@mlops/service-runtime';
import { LifecycleFollower } from './models/lifecycle-follower';
import { ServingModels } from './models/serving-models.service';
import { OnlineFeaturesClient } from './predict/online-features.client';
import { PredictController } from './predict/predict.controller';
import { PredictService } from './predict/predict.service';
import { PredictionLogConsumer } from './prediction-log/prediction-log.consumer';
import { ModelsController } from './registry/models.controller';
import { RegistryErrorFilter } from './registry/registry-error.filter';
import { registryProviders } from './registry/registry.providers';
import { FeatureScoringConsumer } from './scoring/feature-scoring.consumer';
import { InferenceStats } from './scoring/inference.stats';
import { PredictionProducer } from './scoring/prediction.producer';
import { StatusController } from './status/status.controller';
import type { StreamInferenceConfig } from './stream-inference.config';
import { INFERENCE_SETTINGS } from './stream-inference.settings';

/** ONNX models scoring feature streams, with champion/challenger/shadow routing, the model registry API and the prediction log. */
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
      controllers: [ModelsController, PredictController, StatusController],
      providers: [
        { provide: INFERENCE_SETTINGS, useValue: config.inference },
        { provide: APP_FILTER, useClass: RegistryErrorFilter },
        { provide: InferenceStats, useValue: new InferenceStats() },
        ...registryProviders,
        ServingModels,
        // Boot order matters: the lifecycle is read and its models loaded before scoring starts.
        LifecycleFollower,
        FeatureScoringConsumer,
        PredictionLogConsumer,
        PredictionProducer,
        OnlineFeaturesClient,
        PredictService,
      ],
    };
  }
}
