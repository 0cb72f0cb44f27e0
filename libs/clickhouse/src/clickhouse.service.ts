import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, withTimeout, type HealthCheck, type Logger } from '@mlops/observability';
import { createClickHouse, type ClickHouse, type ClickHouseSettings } from './clickhouse-client';

export const CLICKHOUSE_SETTINGS = Symbol('CLICKHOUSE_SETTINGS');

/** The service's ClickHouse connection; closed last at shutdown, after writers flushed. */
@Injectable()
export class ClickHouseService implements OnApplicationShutdown {
  readonly client: ClickHouse;

  constructor(@Inject(CLICKHOUSE_SETTINGS) settings: ClickHouseSettings, @Inject(LOGGER) logger: Logger) {
    this.client = createClickHouse(settings, logger);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  readonly health: HealthCheck = {
    name: 'clickhouse',
    check: async () => {
      const result = await withTimeout(this.client.ping(), 2_000, 'clickhouse');
      if (!result.success) throw result.error;
    },
  };
}
