export { BatchedWriter, type BatchedWriterOptions } from './batched-writer';
export { createClickHouse, type ClickHouse, type ClickHouseSettings } from './clickhouse-client';
export { ClickHouseModule } from './clickhouse.module';
export { CLICKHOUSE_SETTINGS, ClickHouseService } from './clickhouse.service';
export { MigrationChecksumError, loadMigrations, runMigrations, splitStatements, type Migration, type MigrationReport } from './migrations';
export { toDateTime } from './datetime';
