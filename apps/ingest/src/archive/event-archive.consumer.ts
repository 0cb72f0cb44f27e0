import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { BatchedWriter, ClickHouseService } from '@mlops/clickhouse';
import { EventTypes, type EventTypeName, type Label, type Transaction } from '@mlops/contracts';
import { FeatureViews, inputContract, needsRepartition } from '@mlops/features';
import { KafkaService, type ConsumedBatch } from '@mlops/kafka';
import { LOGGER, type Logger } from '@mlops/observability';
import { INGEST_SETTINGS, type IngestSettings } from '../ingest.settings';
import { eventRow, labelRow, transactionRow } from './archive-rows';

/** The ClickHouse table with the typed copy of each event type. */
const typedTables: Record<EventTypeName, string> = { transactions: 'transactions', labels: 'labels' };

/** An archived log: an event type's own topic, or a copy of it re-keyed by another field. */
interface ArchivedLog {
  readonly type: EventTypeName;
  /** `transactions`, or `transactions@merchant_id` for the copy keyed by merchant. */
  readonly label: string;
  readonly keyField: string;
  readonly typed: boolean;
}

/**
 * Archives every event of the event topics into ClickHouse: the generic `events` table and the
 * event type's typed table. The re-keyed copies feature views read (e.g. by merchant) go to
 * `events` too, under their own label with their own partitions and offsets: the log order
 * offline replays reproduce. Offsets are committed only after the inserts succeeded; a replay
 * after a crash inserts the same rows again, which ReplacingMergeTree folds.
 */
@Injectable()
export class EventArchiveConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly eventsWriter: BatchedWriter<Record<string, unknown>>;
  private readonly typedWriters: Record<EventTypeName, BatchedWriter<Record<string, unknown>>>;
  private readonly logs: Map<string, ArchivedLog>;

  constructor(
    private readonly kafka: KafkaService,
    clickhouse: ClickHouseService,
    @Inject(INGEST_SETTINGS) private readonly settings: IngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const writer = (table: string) => new BatchedWriter(clickhouse.client, logger, { table, maxRows: 10_000, maxDelayMs: 50 });
    this.eventsWriter = writer('events');
    this.typedWriters = { transactions: writer(typedTables.transactions), labels: writer(typedTables.labels) };
    this.logs = new Map<string, ArchivedLog>();
    for (const type of Object.keys(EventTypes) as EventTypeName[]) {
      this.logs.set(kafka.topic(EventTypes[type].topic), { type, label: type, keyField: EventTypes[type].keyField, typed: true });
    }
    for (const view of FeatureViews.filter(needsRepartition)) {
      const { topic, keyField } = inputContract(view);
      this.logs.set(kafka.topic(topic), { type: view.source, label: `${view.source}@${keyField}`, keyField, typed: false });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.archive) return;
    const consumer = this.kafka.createConsumer<Record<string, unknown>>({
      groupId: this.kafka.group('ingest-archive'),
      topics: [...this.logs.keys()],
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      handle: (batch) => this.archive(batch),
    });
    await consumer.start();
    this.logger.info({ topics: [...this.logs.keys()] }, 'archiving event topics into ClickHouse');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.eventsWriter.close(), ...Object.values(this.typedWriters).map((w) => w.close())]);
  }

  private async archive(batch: ConsumedBatch<Record<string, unknown>>): Promise<void> {
    const log = this.logs.get(batch.topic);
    if (!log) throw new Error(`no archived log for topic ${batch.topic}`);
    const spec = EventTypes[log.type];
    const now = new Date();
    const rows = batch.messages.map((m) => eventRow(log.label, spec.idField, log.keyField, spec.timeField, m, now));
    if (!log.typed) return this.eventsWriter.write(rows);
    const typed = batch.messages.map((m) =>
      log.type === 'transactions' ? transactionRow(m.value as unknown as Transaction, now) : labelRow(m.value as unknown as Label, now),
    );
    await Promise.all([this.eventsWriter.write(rows), this.typedWriters[log.type].write(typed)]);
  }
}
