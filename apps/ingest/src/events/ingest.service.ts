import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { metrics } from '@opentelemetry/api';
import type { EventTypeName } from '@mlops/contracts';
import { KafkaService, type OutgoingRecord } from '@mlops/kafka';
import { LOGGER, type Logger } from '@mlops/observability';
import { describeError } from '@mlops/util';
import { INGEST_SETTINGS, type IngestSettings } from '../ingest.settings';
import { DedupStore } from './dedup.store';
import { EventCatalog, type CatalogEntry } from './event-catalog.service';
import { validateEvent } from './event-validation';
import { invalidEvents, overloaded, tooManyEvents, unavailable, unknownEventType, type ItemErrors } from './ingest.errors';

export interface IngestResult {
  readonly accepted: number;
  readonly duplicates: number;
  /** Ids of the events produced to Kafka by this request, in request order. */
  readonly ids: string[];
  /** Ids acknowledged without producing: seen within the dedup window or earlier in this request. */
  readonly duplicate_ids: string[];
}

const meter = metrics.getMeter('ingest');
const accepted = meter.createCounter('ingest.events.accepted');
const duplicates = meter.createCounter('ingest.events.duplicates');
const rejected = meter.createCounter('ingest.events.rejected');

/**
 * Validates events against their registered schema, drops duplicates, and produces the rest
 * keyed by entity; resolves only when Kafka acknowledged every one (acks=all).
 * A batch is all or nothing: one invalid event refuses the request.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly catalog: EventCatalog,
    private readonly kafka: KafkaService,
    private readonly dedup: DedupStore,
    @Inject(INGEST_SETTINGS) private readonly settings: IngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Throws 404's error for a type that is not in the contracts. */
  assertKnown(typeName: string): asserts typeName is EventTypeName {
    if (!this.catalog.isKnown(typeName)) throw unknownEventType(typeName, this.catalog.names());
  }

  async ingest(typeName: string, events: readonly unknown[]): Promise<IngestResult> {
    this.assertKnown(typeName);
    if (events.length > this.settings.maxEvents) throw tooManyEvents(events.length, this.settings.maxEvents);
    const entry = await this.catalog.get(typeName).catch((error: unknown) => {
      throw unavailable('schema registry', describeError(error));
    });

    const values = this.validateAll(entry, events);
    const records = await Promise.all(
      values.map(async (value) => ({ key: String(value[entry.keyField]), value: await this.kafka.serde.encode(entry.topic, value) })),
    );
    const bytes = records.reduce((sum, r) => sum + r.value.length, 0);
    if (this.kafka.producer.inFlightBytes + bytes > this.settings.maxInFlightBytes) {
      throw overloaded(this.kafka.producer.inFlightBytes, this.settings.maxInFlightBytes);
    }

    const ids = values.map((value) => String(value[entry.idField]));
    const fresh = await this.claimFresh(typeName, ids);
    const toSend: OutgoingRecord[] = records.filter((_, i) => fresh[i]);
    const sentIds = ids.filter((_, i) => fresh[i]);
    try {
      await this.kafka.producer.send(entry.topic, toSend);
    } catch (error) {
      await this.dedup
        .release(typeName, sentIds)
        .catch((e: unknown) => this.logger.error({ err: describeError(e) }, 'could not release dedup keys'));
      throw unavailable('kafka', describeError(error));
    }
    const duplicateIds = ids.filter((_, i) => !fresh[i]);
    accepted.add(sentIds.length, { event_type: typeName });
    if (duplicateIds.length > 0) duplicates.add(duplicateIds.length, { event_type: typeName });
    return { accepted: sentIds.length, duplicates: duplicateIds.length, ids: sentIds, duplicate_ids: duplicateIds };
  }

  private validateAll(entry: CatalogEntry, events: readonly unknown[]): Record<string, unknown>[] {
    const invalid: ItemErrors[] = [];
    const values = events.map((event, item) => {
      const withId = isObject(event) && event[entry.idField] === undefined ? { ...event, [entry.idField]: randomUUID() } : event;
      const result = validateEvent(entry.type, entry.timestampFields, withId);
      if (result.errors.length > 0) invalid.push({ item, errors: result.errors });
      return result.value;
    });
    if (invalid.length > 0) {
      rejected.add(events.length, { event_type: entry.name });
      throw invalidEvents(invalid, events.length);
    }
    return values;
  }

  /** Which ids to produce: not seen in the window, and first of their kind in this request. */
  private async claimFresh(typeName: string, ids: readonly string[]): Promise<boolean[]> {
    const seen = new Set<string>();
    const firstInRequest = ids.map((id) => {
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    const unique = ids.filter((_, i) => firstInRequest[i]);
    const claimed = await this.dedup.claim(typeName, unique).catch((error: unknown) => {
      throw unavailable('redis (dedup)', describeError(error));
    });
    const byId = new Map(unique.map((id, i) => [id, claimed[i] ?? false]));
    return ids.map((id, i) => (firstInRequest[i] ?? false) && (byId.get(id) ?? false));
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
