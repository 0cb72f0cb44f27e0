import { ApiError } from '@mlops/service-runtime';
import type { FieldError } from './event-validation';

/** A refusal the client can act on; `status` is its HTTP status, `code` its machine-readable name. */
export class IngestError extends ApiError {
  override readonly name = 'IngestError';
}

export interface ItemErrors {
  /** Position in the batch (0 for a single event; NDJSON: line order, blank lines skipped). */
  readonly item: number;
  readonly errors: readonly FieldError[];
}

export const unknownEventType = (name: string, known: readonly string[]) =>
  new IngestError(404, 'unknown_event_type', `unknown event type "${name}"; known: ${known.join(', ')}`);

export const unsupportedMediaType = (contentType: string | undefined) =>
  new IngestError(
    415,
    'unsupported_media_type',
    `content-type ${contentType ? `"${contentType}"` : 'missing'}; send application/json (an event or an array) or application/x-ndjson`,
  );

export const invalidEvents = (items: readonly ItemErrors[], total: number) => {
  const fields = items.reduce((n, item) => n + item.errors.length, 0);
  return new IngestError(400, 'invalid_events', `${items.length} of ${total} events invalid (${fields} problems); nothing was accepted`, {
    invalid: items,
  });
};

export const tooManyEvents = (count: number, max: number) =>
  new IngestError(413, 'too_many_events', `${count} events in one request; at most ${max}`);

export const overloaded = (inFlightBytes: number, maxBytes: number) =>
  new IngestError(429, 'overloaded', `${inFlightBytes} bytes await Kafka acknowledgement (limit ${maxBytes}); retry later`, {}, 1);

export const unavailable = (what: string, reason: string) => new IngestError(503, 'unavailable', `${what} unavailable: ${reason}`, {}, 2);
