import { ApiError } from '@mlops/service-runtime';

/** A request body that is not what its content type says, with where it went wrong. */
export class BodyParseError extends ApiError {
  override readonly name = 'BodyParseError';
  constructor(message: string) {
    super(400, 'malformed_body', message);
  }
}

export type BodyFormat = 'json' | 'ndjson';

/** The formats `POST /v1/events/{type}` reads, by media type (parameters like charset ignored). */
export function bodyFormat(contentType: string | undefined): BodyFormat | undefined {
  const media = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  switch (media) {
    case 'application/json':
      return 'json';
    case 'application/x-ndjson':
    case 'application/ndjson':
    case 'application/jsonl':
      return 'ndjson';
    default:
      return undefined;
  }
}

/** The events of a body: one JSON object, a JSON array of them, or one per NDJSON line. */
export function parseEvents(body: string, format: BodyFormat): { events: unknown[]; batch: boolean } {
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (error) {
      throw new BodyParseError(`body is not valid JSON: ${(error as Error).message}`);
    }
    return Array.isArray(parsed) ? { events: parsed, batch: true } : { events: [parsed], batch: false };
  }
  const events: unknown[] = [];
  body.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line));
    } catch (error) {
      throw new BodyParseError(`line ${i + 1} is not valid JSON: ${(error as Error).message}`);
    }
  });
  return { events, batch: true };
}
