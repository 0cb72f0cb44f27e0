/** A message whose bytes are not a value of any registered schema. Dead-lettered, never retried. */
export class SchemaDecodeError extends Error {
  override readonly name = 'SchemaDecodeError';
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    cause: unknown,
  ) {
    super(`cannot decode ${topic}[${partition}]@${offset}`, { cause });
  }
}

/** A message that decoded but breaks the topic's rules. Dead-lettered, never retried. */
export class MessageValidationError extends Error {
  override readonly name = 'MessageValidationError';
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid message ${topic}[${partition}]@${offset}: ${problems.join('; ')}`);
  }
}

/** The registry refused a schema because it breaks the subject's compatibility rule. */
export class SchemaIncompatibleError extends Error {
  override readonly name = 'SchemaIncompatibleError';
  constructor(
    readonly subject: string,
    readonly compatibility: string,
    readonly registryMessage: string,
  ) {
    super(`schema for subject "${subject}" is not ${compatibility}-compatible with the registered versions: ${registryMessage}`);
  }
}

/** A value that does not match the Avro schema it is to be written with. */
export class SchemaEncodeError extends Error {
  override readonly name = 'SchemaEncodeError';
  constructor(
    readonly topic: string,
    cause: unknown,
  ) {
    super(`cannot encode a value for ${topic}`, { cause });
  }
}

/** Topics a consumer needs that do not exist: they are created with their schemas at deploy time, never on the fly. */
export class MissingTopicsError extends Error {
  override readonly name = 'MissingTopicsError';
  constructor(
    readonly kind: string,
    readonly topics: readonly string[],
  ) {
    super(`${kind} topics missing: ${topics.join(', ')}; create them with scripts/register-schemas.ts (same TOPIC_NAMESPACE)`);
  }
}
