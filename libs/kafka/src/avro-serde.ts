import {
  AvroDeserializer,
  AvroSerializer,
  RestError,
  SchemaRegistryClient,
  SerdeType,
  SubjectNameStrategyType,
  type Client,
} from '@confluentinc/schemaregistry';
import { SchemaEncodeError } from './errors';

export interface SchemaRegistrySettings {
  /** Base URL of a Confluent-compatible registry (Apicurio: `.../apis/ccompat/v7`). */
  readonly url: string;
}

export function createSchemaRegistryClient(settings: SchemaRegistrySettings): Client {
  return new SchemaRegistryClient({ baseURLs: [settings.url], maxRetries: 3, retriesWaitMs: 200, retriesMaxWaitMs: 2_000 });
}

/**
 * Avro in the Confluent wire format (magic byte, schema id, body). Producers write with the
 * latest registered version of the topic's subject and never register on the fly: schemas are
 * registered, with their compatibility checked, once at deploy time.
 */
export class AvroSerde {
  private readonly serializer: AvroSerializer;
  private readonly deserializer: AvroDeserializer;

  constructor(readonly registry: Client) {
    // TOPIC naming skips the client's association lookup, one request per topic that
    // Confluent-compatible registries such as Apicurio answer with 404 anyway.
    const naming = { subjectNameStrategyType: SubjectNameStrategyType.TOPIC };
    this.serializer = new AvroSerializer(registry, SerdeType.VALUE, {
      ...naming,
      autoRegisterSchemas: false,
      useLatestVersion: true,
      // A schema evolved while producers run is picked up within a minute.
      cacheLatestTtlSecs: 60,
    });
    this.deserializer = new AvroDeserializer(registry, SerdeType.VALUE, naming);
  }

  async encode(topic: string, value: unknown): Promise<Buffer> {
    try {
      return await this.serializer.serialize(topic, value);
    } catch (error) {
      if (isRegistryUnavailable(error)) throw error;
      throw new SchemaEncodeError(topic, error);
    }
  }

  /** Throws the registry's error when it is unreachable, so callers can retry rather than dead-letter. */
  async decode<T>(topic: string, payload: Buffer): Promise<T> {
    return (await this.deserializer.deserialize(topic, payload)) as T;
  }
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
