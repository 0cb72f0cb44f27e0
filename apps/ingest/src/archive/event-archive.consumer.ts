import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { BatchedWriter, ClickHouseService } from '@mlops/clickhouse';
import { EventTypes, type EventTypeName, type Label, type Transaction } from '@mlops/contracts';
import { KafkaService, type ConsumedBatch } from '@mlops/kafka';
import { LOGGER, type Logger } from '@mlops/observability';
import { INGEST_SETTINGS, type IngestSettings } from '../ingest.settings';
import { eventRow, labelRow, transactionRow } from './archive-rows';

/** The ClickHouse table with the typed copy of each event type. */
const typedTables: Record<EventTypeName, string> = { transactions: 'transactions', labels: 'labels' };

/**
 * Archives every event of the event topics into ClickHouse: the generic `events` table and the
 * event type's typed table. Offsets are committed only after both inserts succeeded; a replay
 * after a crash inserts the same rows again, which ReplacingMergeTree folds.
 */
@Injectable()
export class EventArchiveConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly eventsWriter: BatchedWriter<Record<string, unknown>>;
  private readonly typedWriters: Record<EventTypeName, BatchedWriter<Record<string, unknown>>>;
  private readonly typeByTopic: Map<string, EventTypeName>;

  constructor(
    private readonly kafka: KafkaService,
    clickhouse: ClickHouseService,
    @Inject(INGEST_SETTINGS) private readonly settings: IngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const writer = (table: string) => new BatchedWriter(clickhouse.client, logger, { table, maxRows: 10_000, maxDelayMs: 50 });
    this.eventsWriter = writer('events');
    this.typedWriters = { transactions: writer(typedTables.transactions), labels: writer(typedTables.labels) };
    this.typeByTopic = new Map((Object.keys(EventTypes) as EventTypeName[]).map((name) => [kafka.topic(EventTypes[name].topic), name]));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.archive) return;
    const consumer = this.kafka.createConsumer<Record<string, unknown>>({
      groupId: this.kafka.group('ingest-archive'),
      topics: [...this.typeByTopic.keys()],
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      handle: (batch) => this.archive(batch),
    });
    await consumer.start();
    this.logger.info({ topics: [...this.typeByTopic.keys()] }, 'archiving event topics into ClickHouse');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.eventsWriter.close(), ...Object.values(this.typedWriters).map((w) => w.close())]);
  }

  private async archive(batch: ConsumedBatch<Record<string, unknown>>): Promise<void> {
    const name = this.typeByTopic.get(batch.topic);
    if (!name) throw new Error(`no event type for topic ${batch.topic}`);
    const spec = EventTypes[name];
    const now = new Date();
    const rows = batch.messages.map((m) => eventRow(name, spec.idField, spec.keyField, spec.timeField, m, now));
    const typed = batch.messages.map((m) =>
      name === 'transactions' ? transactionRow(m.value as unknown as Transaction, now) : labelRow(m.value as unknown as Label, now),
    );
    await Promise.all([this.eventsWriter.write(rows), this.typedWriters[name].write(typed)]);
  }
}
