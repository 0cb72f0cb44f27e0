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
