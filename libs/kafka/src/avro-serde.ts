import { RestError, SchemaRegistryClient, type Client } from '@confluentinc/schemaregistry';
import { valueSubject } from '@mlops/contracts';
import avro from 'avsc';
import { SchemaEncodeError } from './errors';

export interface SchemaRegistrySettings {
  /** Base URL of a Confluent-compatible registry (Apicurio: `.../apis/ccompat/v7`). */
  readonly url: string;
}

export function createSchemaRegistryClient(settings: SchemaRegistrySettings): Client {
  return new SchemaRegistryClient({ baseURLs: [settings.url], maxRetries: 3, retriesWaitMs: 200, retriesMaxWaitMs: 2_000 });
}

/** Schema lookups of the latest version per subject are refreshed after this long. (ms) */
const LATEST_TTL_MS = 60_000;
const MAGIC = 0;
const HEADER_BYTES = 5;

interface WriterSchema {
  readonly id: number;
  readonly type: avro.Type;
}

/**
 * Avro in the Confluent wire format (magic byte, schema id, body). Producers write with the
 * latest registered version of the topic's subject and never register on the fly: schemas are
 * registered, with their compatibility checked, once at deploy time.
 *
 * The registry is asked once per schema id (decode) and once a minute per subject (encode); the
 * Avro type of each schema is built once and reused. Going through the Confluent serializer for
 * every message re-parsed and re-stringified the schema each time, which cost ten times the Avro
 * work itself (docs/benchmarks.md).
 */
export class AvroSerde {
  private readonly readers = new Map<number, Promise<avro.Type>>();
  private readonly writers = new Map<string, { readonly expires: number; readonly schema: Promise<WriterSchema> }>();

  constructor(readonly registry: Client) {}

  async encode(topic: string, value: unknown): Promise<Buffer> {
    let writer: WriterSchema;
    try {
      writer = await this.writerOf(topic);
    } catch (error) {
      if (isRegistryUnavailable(error)) throw error;
      throw new SchemaEncodeError(topic, error);
    }
    const problems: string[] = [];
    const valid = writer.type.isValid(value, {
      errorHook: (path, got, type) =>
        problems.push(`invalid value at ${path.join('.') || '(root)'}: expected ${String(type)}, got ${describe(got)}`),
    });
    if (!valid) throw new SchemaEncodeError(topic, new Error(problems.join('; ')));
    const body = writer.type.toBuffer(value);
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    header.writeUInt8(MAGIC, 0);
    header.writeInt32BE(writer.id, 1);
    return Buffer.concat([header, body]);
  }

  /** Throws the registry's error when it is unreachable, so callers can retry rather than dead-letter. */
  async decode<T>(topic: string, payload: Buffer): Promise<T> {
    if (payload.length < HEADER_BYTES || payload[0] !== MAGIC) {
      throw new Error(`unknown magic byte: not the Confluent wire format (${payload.length} bytes, first ${payload[0] ?? 'none'})`);
    }
    const type = await this.readerOf(topic, payload.readInt32BE(1));
    return type.fromBuffer(payload.subarray(HEADER_BYTES)) as T;
  }

  private readerOf(topic: string, id: number): Promise<avro.Type> {
    let type = this.readers.get(id);
    if (type === undefined) {
      type = this.registry.getBySubjectAndId(valueSubject(topic), id).then((info) => avroType(info.schema));
      this.readers.set(id, type);
      // A failed lookup is asked again next time, not remembered.
      type.catch(() => this.readers.delete(id));
    }
    return type;
  }

  private writerOf(topic: string): Promise<WriterSchema> {
    const now = Date.now();
    const cached = this.writers.get(topic);
    if (cached !== undefined && cached.expires > now) return cached.schema;
    const schema = this.registry
      .getLatestSchemaMetadata(valueSubject(topic))
      .then((metadata) => ({ id: metadata.id as number, type: avroType(metadata.schema) }));
    this.writers.set(topic, { expires: now + LATEST_TTL_MS, schema });
    schema.catch(() => this.writers.delete(topic));
    return schema;
  }
}

const avroType = (schema: string): avro.Type => avro.Type.forSchema(JSON.parse(schema) as avro.Schema);

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * True when an error means "the registry could not answer" (network, 5xx), as opposed to "the
 * registry answered no" (unknown id, bad schema). Only the first is worth a retry.
 */
export function isRegistryUnavailable(error: unknown): boolean {
  if (error instanceof RestError) return error.status >= 500 || error.status === 0 || error.status === 429;
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return (
      typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|ECONNABORTED|ERR_NETWORK|EPIPE)$/.test(code)
    );
  }
  return false;
}
