import { MockClient, RestError } from '@confluentinc/schemaregistry';
import { Schemas, Topics, valueSubject, type Transaction } from '@mlops/contracts';
import { AvroSerde, isRegistryUnavailable } from './avro-serde';
import { SchemaEncodeError } from './errors';

/** A registry that cannot be reached: every lookup fails with `failure`. */
class UnreachableRegistry extends MockClient {
  constructor(private readonly failure: Error) {
    super();
  }

  override getLatestSchemaMetadata(): Promise<never> {
    return Promise.reject(this.failure);
  }

  override getBySubjectAndId(): Promise<never> {
    return Promise.reject(this.failure);
  }
}

const withCode = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:8081`), { code });

describe(isRegistryUnavailable.name, () => {
  it.each([[500], [502], [503], [504], [429], [0]])('is true for a RestError with status %i: the registry could not answer', (status) => {
    expect(isRegistryUnavailable(new RestError('unavailable', status, status * 100))).toBe(true);
  });

  it.each([[400], [401], [403], [404], [409], [422]])('is false for a RestError with status %i: the registry answered no', (status) => {
    expect(isRegistryUnavailable(new RestError('Subject not found', status, 40401))).toBe(false);
  });

  it.each([['ECONNREFUSED'], ['ECONNRESET'], ['ETIMEDOUT'], ['EAI_AGAIN'], ['ENOTFOUND'], ['ECONNABORTED'], ['ERR_NETWORK'], ['EPIPE']])(
    'is true for a network error with code %s',
    (code) => {
      expect(isRegistryUnavailable(withCode(code))).toBe(true);
    },
  );

  it.each([['ERR_BAD_REQUEST'], ['ERR_INVALID_URL'], ['ECONNREFUSED_LATER'], ['econnrefused']])(
    'is false for an error with code %s',
    (code) => {
      expect(isRegistryUnavailable(withCode(code))).toBe(false);
    },
  );

  it('is false for an error without a code, such as a schema mismatch', () => {
    expect(isRegistryUnavailable(new Error('invalid value for field amount'))).toBe(false);
  });

  it('is false for values that are not errors, even with a network code', () => {
    expect(isRegistryUnavailable({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isRegistryUnavailable('ECONNREFUSED')).toBe(false);
    expect(isRegistryUnavailable(undefined)).toBe(false);
  });
});

describe(AvroSerde.name, () => {
  const topic = Topics.transactions;
  const transaction: Transaction = {
    event_id: 'evt-1',
    event_time: 1_735_689_600_123,
    user_id: 'user-42',
    card_id: 'card-7',
    merchant_id: 'm-9',
    merchant_category: 'grocery',
    amount: 12.34,
    currency: 'EUR',
    country: 'DE',
    channel: 'pos',
    card_present: true,
    device_id: null,
  };

  async function serdeWithRegisteredSchema(): Promise<{ serde: AvroSerde; id: number }> {
    const registry = new MockClient();
    const id = await registry.register(valueSubject(topic), { schemaType: 'AVRO', schema: JSON.stringify(Schemas.transaction) });
    return { serde: new AvroSerde(registry), id };
  }

  it('encodes in the Confluent wire format: magic byte 0, then the schema id', async () => {
    const { serde, id } = await serdeWithRegisteredSchema();

    const payload = await serde.encode(topic, transaction);

    expect(payload[0]).toBe(0);
    expect(payload.readInt32BE(1)).toBe(id);
  });

  it('decodes what it encoded', async () => {
    const { serde } = await serdeWithRegisteredSchema();

    const decoded = await serde.decode<Transaction>(topic, await serde.encode(topic, transaction));

    expect(decoded).toEqual(transaction);
  });

  it('refuses a value that does not match the schema with a SchemaEncodeError naming the topic', async () => {
    const { serde } = await serdeWithRegisteredSchema();

    const encoding = serde.encode(topic, { ...transaction, channel: 'mail' });

    await expect(encoding).rejects.toBeInstanceOf(SchemaEncodeError);
    await expect(encoding).rejects.toThrow(`cannot encode a value for ${topic}`);
  });

  it('refuses to encode for a topic whose subject has no registered schema, without registering one', async () => {
    const registry = new MockClient();
    const serde = new AvroSerde(registry);

    await expect(serde.encode(topic, transaction)).rejects.toBeInstanceOf(SchemaEncodeError);
    await expect(registry.getAllSubjects()).resolves.toEqual([]);
  });

  it.each([
    ['a 503', new RestError('Service Unavailable', 503, 50301)],
    ['a refused connection', withCode('ECONNREFUSED')],
  ])('passes %s from the registry through unwrapped when encoding, so callers retry', async (_kind, failure) => {
    const serde = new AvroSerde(new UnreachableRegistry(failure));

    await expect(serde.encode(topic, transaction)).rejects.toBe(failure);
  });

  it('passes a registry outage through when decoding', async () => {
    const failure = new RestError('Service Unavailable', 503, 50301);
    const serde = new AvroSerde(new UnreachableRegistry(failure));
    const payload = Buffer.from([0, 0, 0, 0, 7, 2, 0]);

    await expect(serde.decode(topic, payload)).rejects.toBe(failure);
  });
});
