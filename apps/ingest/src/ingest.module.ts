import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ClickHouseModule, ClickHouseService } from '@mlops/clickhouse';
import { namespaced } from '@mlops/contracts';
import { KafkaModule, KafkaService } from '@mlops/kafka';
import type { Logger } from '@mlops/observability';
import { RedisModule, RedisService } from '@mlops/redis';
import { ApiErrorFilter, RuntimeModule } from '@mlops/service-runtime';
import { EventArchiveConsumer } from './archive/event-archive.consumer';
import { ApiKeyGuard } from './events/api-key.guard';
import { DedupStore } from './events/dedup.store';
import { EventCatalog } from './events/event-catalog.service';
import { EventsController } from './events/events.controller';
import { IngestService } from './events/ingest.service';
import type { IngestConfig } from './ingest.config';
import { INGEST_SETTINGS } from './ingest.settings';

/** HTTP and Kafka entry of events, validated against their registered schemas, archived into ClickHouse. */
@Module({})
export class IngestModule {
  static forRoot(config: IngestConfig, logger: Logger): DynamicModule {
    return {
      module: IngestModule,
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
      controllers: [EventsController],
      providers: [
        { provide: INGEST_SETTINGS, useValue: config.ingest },
        {
          provide: DedupStore,
          inject: [RedisService],
          useFactory: (redis: RedisService) =>
            new DedupStore(redis.client, config.ingest.dedupWindowMs, namespaced(config.kafka.topicNamespace, 'ingest:dedup')),
        },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
        ApiKeyGuard,
        EventCatalog,
        IngestService,
        EventArchiveConsumer,
      ],
    };
  }
}
