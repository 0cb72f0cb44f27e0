import { MessageValidationError, SchemaDecodeError, SchemaEncodeError, SchemaIncompatibleError } from './errors';

describe(SchemaDecodeError.name, () => {
  it('names the topic, partition and offset, and keeps the cause', () => {
    const cause = new Error('unknown magic byte');
    const error = new SchemaDecodeError('events.transactions', 2, '1041', cause);

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SchemaDecodeError');
    expect(error.message).toBe('cannot decode events.transactions[2]@1041');
    expect(error.cause).toBe(cause);
    expect([error.topic, error.partition, error.offset]).toEqual(['events.transactions', 2, '1041']);
  });
});

describe(MessageValidationError.name, () => {
  it('lists every problem in its message', () => {
    const error = new MessageValidationError('labels.transactions', 0, '7', ['amount must be > 0', 'currency is empty']);

    expect(error.name).toBe('MessageValidationError');
    expect(error.message).toBe('invalid message labels.transactions[0]@7: amount must be > 0; currency is empty');
    expect(error.problems).toEqual(['amount must be > 0', 'currency is empty']);
  });
});

describe(SchemaIncompatibleError.name, () => {
  it('names the subject, the rule and the registry message', () => {
    const error = new SchemaIncompatibleError('events.transactions-value', 'BACKWARD', 'field amount removed');

    expect(error.name).toBe('SchemaIncompatibleError');
    expect(error.message).toBe(
      'schema for subject "events.transactions-value" is not BACKWARD-compatible with the registered versions: field amount removed',
    );
  });
});

describe(SchemaEncodeError.name, () => {
  it('names the topic and keeps the cause', () => {
    const cause = new Error('invalid "channel": "mail"');
    const error = new SchemaEncodeError('events.transactions', cause);

    expect(error.name).toBe('SchemaEncodeError');
    expect(error.message).toBe('cannot encode a value for events.transactions');
    expect(error.cause).toBe(cause);
  });
});
