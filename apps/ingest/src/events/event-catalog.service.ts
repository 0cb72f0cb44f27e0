import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventTypes, valueSubject, type EventTypeName } from '@mlops/contracts';
import { KafkaService } from '@mlops/kafka';
import { Inject } from '@nestjs/common';
import { LOGGER, type Logger } from '@mlops/observability';
import { describeError } from '@mlops/util';
import { Type } from 'avsc';

/** An event type as ingest serves it: its topic in this deployment and its registered schema. */
export interface CatalogEntry {
  readonly name: EventTypeName;
  readonly topic: string;
  readonly keyField: string;
  readonly idField: string;
  readonly type: Type;
  readonly timestampFields: ReadonlySet<string>;
  readonly schemaId: number;
}

/** How often registered schemas are read again, so an evolved schema is served without a restart. */
const REFRESH_MS = 60_000;

/**
 * The registered Avro schema of every event type, read from the schema registry (what
 * producers straight to Kafka are held to as well), not from our own copy of it.
 */
@Injectable()
export class EventCatalog implements OnModuleInit, OnApplicationShutdown {
  private readonly entries = new Map<string, CatalogEntry>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: KafkaService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh().catch((error: unknown) => this.logger.warn({ err: describeError(error) }, 'event schemas not loaded yet'));
    this.timer = setInterval(
      () => void this.refresh().catch((error: unknown) => this.logger.warn({ err: describeError(error) }, 'schema refresh failed')),
      REFRESH_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  isKnown(name: string): name is EventTypeName {
    return Object.hasOwn(EventTypes, name);
  }

  /** The entry of a known type; loads schemas on demand when the registry was down at boot. */
  async get(name: EventTypeName): Promise<CatalogEntry> {
    const entry = this.entries.get(name);
    if (entry) return entry;
    await this.refresh();
    const loaded = this.entries.get(name);
    if (!loaded) throw new Error(`no registered schema for event type ${name}`);
    return loaded;
  }

  names(): string[] {
    return Object.keys(EventTypes);
  }

  private async refresh(): Promise<void> {
    for (const [name, spec] of Object.entries(EventTypes) as [EventTypeName, (typeof EventTypes)[EventTypeName]][]) {
      const topic = this.kafka.topic(spec.topic);
      const latest = await this.kafka.registry.getLatestSchemaMetadata(valueSubject(topic));
      if (this.entries.get(name)?.schemaId === latest.id) continue;
      const schema = JSON.parse(latest.schema) as { fields?: { name: string; type: unknown }[] };
      const timestampFields = new Set(
        (schema.fields ?? [])
          .filter(
            (f) => typeof f.type === 'object' && f.type !== null && (f.type as { logicalType?: string }).logicalType === 'timestamp-millis',
          )
          .map((f) => f.name),
      );
      this.entries.set(name, {
        name,
        topic,
        keyField: spec.keyField,
        idField: spec.idField,
        type: Type.forSchema(schema as never),
        timestampFields,
        schemaId: latest.id ?? -1,
      });
      this.logger.info({ eventType: name, topic, schemaId: latest.id }, 'event schema loaded');
    }
  }
}
