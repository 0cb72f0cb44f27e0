import { Compatibility, RestError, type Client } from '@confluentinc/schemaregistry';
import { valueSubject, type TopicContract } from '@mlops/contracts';
import { SchemaIncompatibleError } from './errors';

export interface RegisteredSchema {
  readonly topic: string;
  readonly subject: string;
  readonly id: number;
}

/**
 * Sets the subject's compatibility (BACKWARD by default: new readers can read old data) and
 * registers the contract's schema. Registering an unchanged schema is a no-op that returns the
 * same id. A change that breaks the rule is refused with {@link SchemaIncompatibleError}.
 */
export async function registerContract(
  registry: Client,
  contract: TopicContract,
  compatibility: Compatibility = Compatibility.BACKWARD,
): Promise<RegisteredSchema> {
  const subject = valueSubject(contract.topic);
  await registry.updateCompatibility(subject, compatibility);
  try {
    const id = await registry.register(subject, { schemaType: 'AVRO', schema: JSON.stringify(contract.schema) }, false);
    return { topic: contract.topic, subject, id };
  } catch (error) {
    if (error instanceof RestError && error.status === 409) {
      throw new SchemaIncompatibleError(subject, compatibility, error.message);
    }
    throw error;
  }
}

export async function registerContracts(registry: Client, contracts: readonly TopicContract[]): Promise<RegisteredSchema[]> {
  const registered: RegisteredSchema[] = [];
  for (const contract of contracts) registered.push(await registerContract(registry, contract));
  return registered;
}
