import { valueSubject, type AvroRecordSchema, type TopicContract } from '@mlops/contracts';
import { KafkaTestKit, uniqueName } from '@mlops/testing';
import { SchemaIncompatibleError, registerContract } from '@mlops/kafka';

const v1: AvroRecordSchema = {
  type: 'record',
  name: 'Evolving',
  namespace: 'spec',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double' },
  ],
};

describe('schema evolution under BACKWARD compatibility', () => {
  let kit: KafkaTestKit;
  let contract: TopicContract;

  beforeAll(async () => {
    kit = await KafkaTestKit.connect();
    contract = { topic: uniqueName('spec-evolve'), schema: v1, keyField: 'id', cleanup: 'delete' };
  });

  afterAll(async () => {
    await kit.close();
  });

  it('registers the first version and sets the subject to BACKWARD', async () => {
    const registered = await registerContract(kit.registry, contract);
    expect(registered.subject).toBe(valueSubject(contract.topic));
    expect(await kit.registry.getCompatibility(registered.subject)).toBe('BACKWARD');
  });

  it('returns the same id when an unchanged schema is registered again', async () => {
    const first = await registerContract(kit.registry, contract);
    const again = await registerContract(kit.registry, contract);
    expect(again.id).toBe(first.id);
  });

  it('accepts a new optional field with a default', async () => {
    const v2 = { ...v1, fields: [...v1.fields, { name: 'note', type: ['null', 'string'], default: null }] };
    const first = await registerContract(kit.registry, contract);
    const second = await registerContract(kit.registry, { ...contract, schema: v2 });
    expect(second.id).not.toBe(first.id);
    expect(await kit.registry.getAllVersions(second.subject)).toHaveLength(2);
  });

  it('refuses a new required field with a clear error naming the subject', async () => {
    const broken = { ...v1, fields: [...v1.fields, { name: 'required_without_default', type: 'int' }] };
    const attempt = registerContract(kit.registry, { ...contract, schema: broken });
    await expect(attempt).rejects.toBeInstanceOf(SchemaIncompatibleError);
    await expect(attempt).rejects.toThrow(`schema for subject "${valueSubject(contract.topic)}" is not BACKWARD-compatible`);
    await expect(attempt).rejects.toThrow(/required_without_default/);
    expect(await kit.registry.getAllVersions(valueSubject(contract.topic))).toHaveLength(2);
  });
});
