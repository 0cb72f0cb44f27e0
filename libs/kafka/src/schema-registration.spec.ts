import { Compatibility, RestError, type Client, type SchemaInfo, type ServerConfig } from '@confluentinc/schemaregistry';
import { FixedTopicContracts, Schemas, type TopicContract } from '@mlops/contracts';
import { SchemaIncompatibleError } from './errors';
import { registerContract, registerContracts } from './schema-registration';

type Call = ['compatibility', string, Compatibility | undefined] | ['register', string, SchemaInfo, boolean | undefined];

/**
 * A registry client that records, in order, which compatibility each subject is given (by
 * either of the client's two ways to set it) and which schemas are registered.
 */
class FakeRegistry {
  readonly calls: Call[] = [];
  private nextId = 1;
  registerError: Error | undefined;

  readonly updateCompatibility = jest.fn((subject: string, level: Compatibility) => {
    this.calls.push(['compatibility', subject, level]);
    return Promise.resolve(level);
  });

  readonly updateConfig = jest.fn((subject: string, update: ServerConfig) => {
    this.calls.push(['compatibility', subject, update.compatibilityLevel ?? update.compatibility]);
    return Promise.resolve(update);
  });

  readonly register = jest.fn((subject: string, schema: SchemaInfo, normalize?: boolean) => {
    this.calls.push(['register', subject, schema, normalize]);
    if (this.registerError !== undefined) return Promise.reject(this.registerError);
    const id = this.nextId;
    this.nextId += 1;
    return Promise.resolve(id);
  });

  asClient(): Client {
    return this as unknown as Client;
  }
}

const lifecycle: TopicContract = { topic: 'models.lifecycle', schema: Schemas.modelLifecycle, keyField: 'model_name', cleanup: 'compact' };

describe(registerContract.name, () => {
  let registry: FakeRegistry;

  beforeEach(() => {
    registry = new FakeRegistry();
  });

  it("sets the subject's compatibility to BACKWARD, then registers the contract's schema as Avro", async () => {
    const registered = await registerContract(registry.asClient(), lifecycle);

    expect(registry.calls).toEqual([
      ['compatibility', 'models.lifecycle-value', Compatibility.BACKWARD],
      ['register', 'models.lifecycle-value', { schemaType: 'AVRO', schema: JSON.stringify(Schemas.modelLifecycle) }, false],
    ]);
    expect(registered).toEqual({ topic: 'models.lifecycle', subject: 'models.lifecycle-value', id: 1 });
  });

  it('registers the schema JSON unchanged, so it parses back to the contract schema', async () => {
    await registerContract(registry.asClient(), lifecycle);

    const [, , schema] = registry.calls.find((call) => call[0] === 'register') ?? [];
    expect(JSON.parse((schema as SchemaInfo).schema)).toEqual(Schemas.modelLifecycle);
  });

  it('sets the given compatibility instead of BACKWARD', async () => {
    await registerContract(registry.asClient(), lifecycle, Compatibility.FULL_TRANSITIVE);

    expect(registry.calls[0]).toEqual(['compatibility', 'models.lifecycle-value', Compatibility.FULL_TRANSITIVE]);
  });

  it('turns a 409 from the registry into a SchemaIncompatibleError naming the subject and rule', async () => {
    registry.registerError = new RestError('Schema being registered is incompatible with an earlier schema', 409, 409);

    const registering = registerContract(registry.asClient(), lifecycle);

    await expect(registering).rejects.toBeInstanceOf(SchemaIncompatibleError);
    await expect(registering).rejects.toMatchObject({
      name: 'SchemaIncompatibleError',
      subject: 'models.lifecycle-value',
      compatibility: Compatibility.BACKWARD,
      registryMessage: expect.stringContaining('incompatible with an earlier schema') as unknown,
      message: expect.stringContaining('schema for subject "models.lifecycle-value" is not BACKWARD-compatible') as unknown,
    });
  });

  it.each([
    ['a RestError other than 409', new RestError('Invalid schema', 422, 42201)],
    ['a RestError 500', new RestError('Internal Server Error', 500, 50001)],
    ['a network error', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
  ])('rethrows %s as it is', async (_kind, error) => {
    registry.registerError = error;

    await expect(registerContract(registry.asClient(), lifecycle)).rejects.toBe(error);
  });

  it('does not register when setting the compatibility fails', async () => {
    const failure = new RestError('Subject not found', 404, 40401);
    registry.updateCompatibility.mockRejectedValueOnce(failure);
    registry.updateConfig.mockRejectedValueOnce(failure);

    await expect(registerContract(registry.asClient(), lifecycle)).rejects.toBe(failure);
    expect(registry.register).not.toHaveBeenCalled();
  });
});

describe(registerContracts.name, () => {
  it('registers every contract in order and returns their ids', async () => {
    const registry = new FakeRegistry();

    const registered = await registerContracts(registry.asClient(), FixedTopicContracts);

    expect(registered).toEqual(FixedTopicContracts.map((c, i) => ({ topic: c.topic, subject: `${c.topic}-value`, id: i + 1 })));
    expect(registry.calls.filter((call) => call[0] === 'register').map((call) => call[1])).toEqual(
      FixedTopicContracts.map((c) => `${c.topic}-value`),
    );
  });

  it('stops at the first contract the registry refuses', async () => {
    const registry = new FakeRegistry();
    registry.registerError = new RestError('incompatible', 409, 409);

    await expect(registerContracts(registry.asClient(), FixedTopicContracts)).rejects.toBeInstanceOf(SchemaIncompatibleError);
    expect(registry.register).toHaveBeenCalledTimes(1);
  });
});
