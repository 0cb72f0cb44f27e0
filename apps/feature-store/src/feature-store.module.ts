import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ClickHouseModule, ClickHouseService } from '@mlops/clickhouse';
import { FeatureViews } from '@mlops/features';
import { KafkaModule, KafkaService } from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import { RedisModule, RedisService } from '@mlops/redis';
import { ApiErrorFilter, RuntimeModule } from '@mlops/service-runtime';
import { CLOCK, type Clock } from './clock';
import type { FeatureStoreConfig } from './feature-store.config';
import { FEATURE_STORE_SETTINGS } from './feature-store.settings';
import { FeatureLookupService } from './lookup/feature-lookup.service';
import { FeaturesController } from './lookup/features.controller';
import { FeatureMaterializer } from './materialize/feature-materializer.consumer';
import { OnlineKeySpace } from './online/online-key';
import { OnlineStoreRepository } from './online/online-store.repository';
import { extraViews } from './views/extra-views';
import { ViewRegistry } from './views/view-registry';

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
      controllers: [FeaturesController],
      providers: [
        { provide: FEATURE_STORE_SETTINGS, useValue: config.featureStore },
        { provide: CLOCK, useValue: Date.now satisfies Clock },
        { provide: ViewRegistry, useValue: new ViewRegistry([...FeatureViews, ...extraViews(config.featureStore.extraViews)]) },
        { provide: OnlineKeySpace, useValue: new OnlineKeySpace(config.kafka.topicNamespace) },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
        {
          provide: OnlineStoreRepository,
          inject: [RedisService],
          useFactory: (redis: RedisService) => new OnlineStoreRepository(redis.client),
        },
        FeatureLookupService,
        FeatureMaterializer,
      ],
    };
  }
}
