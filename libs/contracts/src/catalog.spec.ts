import * as avro from 'avsc';
import type { AvroRecordSchema } from './avro-infer';
import {
  EventTypes,
  FixedTopicContracts,
  Schemas,
  featureTopicContract,
  predictionTopicContract,
  type Alert,
  type FeatureVector,
  type Label,
  type ModelLifecycleEvent,
  type Prediction,
  type RetrainRequest,
  type TopicContract,
  type Transaction,
} from './catalog';
import { Topics } from './topics';

/** Parses a schema in the JSON form it is registered with, as a reader in any language would. */
function avroType(schema: AvroRecordSchema): avro.Type {
  return avro.Type.forSchema(JSON.parse(JSON.stringify(schema)) as avro.Schema);
}

const fieldNames = (schema: AvroRecordSchema): string[] => schema.fields.map((field) => field.name);

// Compile-time checks: the derived types follow their schemas. A wrong schema or a broken
// AvroInfer makes `tsc` fail here.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type _DerivedTypes = [
  Expect<Equal<keyof Transaction, (typeof Schemas.transaction.fields)[number]['name']>>,
  Expect<Equal<Transaction['event_time'], number>>,
  Expect<Equal<Transaction['channel'], 'pos' | 'online' | 'atm'>>,
  Expect<Equal<Transaction['device_id'], string | null>>,
  Expect<Equal<Transaction['card_present'], boolean>>,
  Expect<Equal<FeatureVector['values'], (number | null)[]>>,
  Expect<Equal<ModelLifecycleEvent['alias'], 'champion' | 'challenger' | 'shadow' | null>>,
  Expect<Equal<RetrainRequest['alert_ids'], string[]>>,
  Expect<Equal<Alert['feature'], string | null>>,
];

const transaction: Transaction = {
  event_id: 'evt-1',
  event_time: 1_735_689_600_123,
  user_id: 'user-42',
  card_id: 'card-7',
  merchant_id: 'm-9',
  merchant_category: 'grocery',
  amount: 42.5,
  currency: 'EUR',
  country: 'DE',
  channel: 'online',
  card_present: false,
  device_id: 'dev-3',
};

// @ts-expect-error: "mail" is not a Channel symbol, so it is not a Transaction.
const _badChannel: Transaction = { ...transaction, channel: 'mail' };
// @ts-expect-error: amount is a double, not a string.
const _badAmount: Transaction = { ...transaction, amount: '42.50' };
// @ts-expect-error: a Transaction without its event_id is incomplete.
const _missingId: Transaction = { ...transaction, event_id: undefined };

const samples = {
  transaction,
  label: { event_id: 'evt-1', user_id: 'user-42', label_time: 1_736_000_000_000, is_fraud: true, source: 'chargeback' } satisfies Label,
  featureVector: {
    event_id: 'evt-1',
    view: 'card_spend',
    view_version: 2,
    entity_id: 'user-42',
    event_time: 1_735_689_600_123,
    computed_at: 1_735_689_600_200,
    values: [1.5, null, 0],
  } satisfies FeatureVector,
  prediction: {
    event_id: 'evt-1',
    entity_id: 'user-42',
    model_name: 'fraud',
    model_version: '3',
    variant: 'champion',
    score: 0.87,
    event_time: 1_735_689_600_123,
    predicted_at: 1_735_689_600_250,
    latency_ms: 1.25,
    source: 'stream',
    features: [1.5, null],
  } satisfies Prediction,
  modelLifecycle: {
    model_name: 'fraud',
    model_version: '3',
    action: 'promoted',
    alias: 'champion',
    artifact_uri: 's3://models/fraud/3/model.onnx',
    artifact_sha256: 'ab'.repeat(32),
    occurred_at: 1_735_689_600_000,
    actor: 'ci',
    reason: null,
    champion: '3',
    challenger: null,
    shadow: '4',
    challenger_traffic: 0,
  } satisfies ModelLifecycleEvent,
  alert: {
    alert_id: 'a-1',
    kind: 'drift',
    severity: 'warning',
    model_name: 'fraud',
    feature: 'amount_mean_1h',
    metric: 'psi',
    value: 0.31,
    threshold: 0.2,
    window_start: 1_735_686_000_000,
    window_end: 1_735_689_600_000,
    detected_at: 1_735_689_601_000,
  } satisfies Alert,
  retrainRequest: {
    request_id: 'r-1',
    model_name: 'fraud',
    policy: 'drift',
    reason: 'psi above 0.2 on amount_mean_1h',
    alert_ids: ['a-1'],
    data_start: 1_733_000_000_000,
    data_end: 1_735_689_600_000,
    requested_at: 1_735_689_602_000,
  } satisfies RetrainRequest,
} satisfies Record<keyof typeof Schemas, unknown>;

const schemaEntries = Object.entries(Schemas) as [keyof typeof Schemas, AvroRecordSchema][];

describe('Schemas', () => {
  it.each(schemaEntries)('parses %s with avsc', (_name, schema) => {
    const type = avroType(schema);

    expect(type.typeName).toBe('record');
    expect(type.name).toBe(`${schema.namespace}.${schema.name}`);
  });

  it('gives every schema a distinct full name', () => {
    const fullNames = schemaEntries.map(([, schema]) => `${schema.namespace}.${schema.name}`);

    expect(new Set(fullNames).size).toBe(fullNames.length);
  });

  it.each(schemaEntries)('gives every optional field of %s a null default, so old readers keep working', (_name, schema) => {
    const optional = schema.fields.filter((field) => Array.isArray(field.type) && field.type[0] === 'null');

    for (const field of optional) expect(field).toHaveProperty('default', null);
  });

  it.each(schemaEntries)('accepts a sample %s value typed with its derived type', (name, schema) => {
    const type = avroType(schema);
    const invalidPaths: string[] = [];

    const valid = type.isValid(samples[name], { errorHook: (path) => invalidPaths.push(path.join('.')) });

    expect(invalidPaths).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each(schemaEntries)('round-trips a sample %s value through toBuffer and fromBuffer', (name, schema) => {
    const type = avroType(schema);

    const decoded: unknown = type.fromBuffer(type.toBuffer(samples[name]));

    expect(decoded).toEqual(samples[name]);
  });

  it('round-trips a Transaction without a device id', () => {
    const type = avroType(Schemas.transaction);
    const value: Transaction = { ...transaction, device_id: null };

    const decoded: unknown = type.fromBuffer(type.toBuffer(value));

    expect(decoded).toEqual(value);
  });

  it('refuses a Transaction whose channel is not a declared symbol', () => {
    const type = avroType(Schemas.transaction);

    expect(type.isValid({ ...transaction, channel: 'mail' })).toBe(false);
    expect(() => type.toBuffer({ ...transaction, channel: 'mail' })).toThrow();
  });
});

describe('EventTypes', () => {
  const entries = Object.entries(EventTypes);

  it.each(entries)('declares key, id and time fields of %s that exist in its schema', (_name, eventType) => {
    const fields = fieldNames(eventType.schema);

    expect(fields).toContain(eventType.keyField);
    expect(fields).toContain(eventType.idField);
    expect(fields).toContain(eventType.timeField);
  });

  it.each(entries)('uses a string id and a timestamp-millis time field for %s', (_name, eventType) => {
    const fields = eventType.schema.fields as AvroRecordSchema['fields'];
    const field = (name: string) => fields.find((candidate) => candidate.name === name);

    expect(field(eventType.idField)?.type).toBe('string');
    expect(field(eventType.keyField)?.type).toBe('string');
    expect(field(eventType.timeField)?.type).toEqual({ type: 'long', logicalType: 'timestamp-millis' });
  });

  it('publishes each event type to its fixed topic with the same schema', () => {
    for (const eventType of Object.values(EventTypes)) {
      const contract = FixedTopicContracts.find((candidate) => candidate.topic === eventType.topic);

      expect(contract).toBeDefined();
      expect(contract?.schema).toBe(eventType.schema);
      expect(contract?.keyField).toBe(eventType.keyField);
    }
  });
});

describe('FixedTopicContracts', () => {
  it('has one contract per topic', () => {
    const topics = FixedTopicContracts.map((contract) => contract.topic);

    expect(new Set(topics).size).toBe(topics.length);
  });

  it('covers every fixed topic', () => {
    expect(FixedTopicContracts.map((contract) => contract.topic).sort()).toEqual(Object.values(Topics).sort());
  });

  it('compacts models.lifecycle, and only it', () => {
    const compacted = FixedTopicContracts.filter((contract) => contract.cleanup === 'compact').map((contract) => contract.topic);

    expect(compacted).toEqual(['models.lifecycle']);
  });

  it.each(FixedTopicContracts.map((contract) => [contract.topic, contract] as const))(
    'keys %s by a string field of its schema',
    (_topic, contract) => {
      const key = contract.schema.fields.find((field) => field.name === contract.keyField);

      expect(key?.type).toBe('string');
    },
  );
});

describe(featureTopicContract.name, () => {
  it('describes the feature view topic, keyed by entity_id', () => {
    const contract: TopicContract = featureTopicContract('card_spend');

    expect(contract).toEqual({ topic: 'features.card_spend', schema: Schemas.featureVector, keyField: 'entity_id', cleanup: 'delete' });
    expect(fieldNames(contract.schema)).toContain(contract.keyField);
  });

  it('refuses an invalid view name', () => {
    expect(() => featureTopicContract('Card Spend')).toThrow('invalid feature view name "Card Spend"');
  });
});

describe(predictionTopicContract.name, () => {
  it('describes the model prediction topic, keyed by entity_id', () => {
    const contract = predictionTopicContract('fraud');

    expect(contract).toEqual({ topic: 'predictions.fraud', schema: Schemas.prediction, keyField: 'entity_id', cleanup: 'delete' });
    expect(fieldNames(contract.schema)).toContain(contract.keyField);
  });

  it('refuses an invalid model name', () => {
    expect(() => predictionTopicContract('fraud.v2')).toThrow('invalid model name "fraud.v2"');
  });
});
