import { Module, type DynamicModule } from '@nestjs/common';
import type { ClickHouseSettings } from './clickhouse-client';
import { CLICKHOUSE_SETTINGS, ClickHouseService } from './clickhouse.service';

@Module({})
export class ClickHouseModule {
  static forRoot(settings: ClickHouseSettings): DynamicModule {
    return {
      module: ClickHouseModule,
      global: true,
      providers: [{ provide: CLICKHOUSE_SETTINGS, useValue: settings }, ClickHouseService],
      exports: [ClickHouseService],
    };
  }
}
