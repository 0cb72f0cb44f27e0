import type { AvroInfer, AvroRecordSchema } from './avro-infer';
import { alertSchema } from './schemas/alert.schema';
import { featureVectorSchema } from './schemas/feature-vector.schema';
import { labelSchema } from './schemas/label.schema';
import { modelLifecycleSchema } from './schemas/model-lifecycle.schema';
import { predictionSchema } from './schemas/prediction.schema';
import { retrainRequestSchema } from './schemas/retrain-request.schema';
import { transactionSchema } from './schemas/transaction.schema';
import { Topics, featureTopic, namespaced, predictionTopic, repartitionTopic, shadowPredictionTopic } from './topics';

export type Transaction = AvroInfer<typeof transactionSchema>;
export type Label = AvroInfer<typeof labelSchema>;
export type FeatureVector = AvroInfer<typeof featureVectorSchema>;
export type Prediction = AvroInfer<typeof predictionSchema>;
export type ModelLifecycleEvent = AvroInfer<typeof modelLifecycleSchema>;
export type Alert = AvroInfer<typeof alertSchema>;
export type RetrainRequest = AvroInfer<typeof retrainRequestSchema>;

export const Schemas = {
  transaction: transactionSchema,
  label: labelSchema,
  featureVector: featureVectorSchema,
  prediction: predictionSchema,
  modelLifecycle: modelLifecycleSchema,
  alert: alertSchema,
  retrainRequest: retrainRequestSchema,
} as const satisfies Record<string, AvroRecordSchema>;

/** A topic with the schema of its values and the field that keys its messages. */
export interface TopicContract {
  readonly topic: string;
  readonly schema: AvroRecordSchema;
  readonly keyField: string;
  /** Kafka cleanup policy; `compact` keeps the latest value per key forever. */
  readonly cleanup: 'delete' | 'compact';
}

/**
 * Events users send to ingest: `POST /v1/events/{type}`. The id field is the idempotency key,
 * the time field is event time.
 */
export const EventTypes = {
  transactions: {
    topic: Topics.transactions,
    schema: transactionSchema,
    keyField: 'user_id',
    idField: 'event_id',
    timeField: 'event_time',
  },
  labels: { topic: Topics.labels, schema: labelSchema, keyField: 'user_id', idField: 'event_id', timeField: 'label_time' },
} as const;

export type EventTypeName = keyof typeof EventTypes;

/** The fixed topics of the bundled card-payments domain. */
export const FixedTopicContracts: readonly TopicContract[] = [
  { topic: Topics.transactions, schema: transactionSchema, keyField: 'user_id', cleanup: 'delete' },
  { topic: Topics.labels, schema: labelSchema, keyField: 'user_id', cleanup: 'delete' },
  { topic: Topics.modelLifecycle, schema: modelLifecycleSchema, keyField: 'model_name', cleanup: 'compact' },
  { topic: Topics.alerts, schema: alertSchema, keyField: 'model_name', cleanup: 'delete' },
  { topic: Topics.retrainRequests, schema: retrainRequestSchema, keyField: 'model_name', cleanup: 'delete' },
];

/** The same contract on its topic inside a namespace. */
export const inNamespace = (namespace: string, contract: TopicContract): TopicContract => ({
  ...contract,
  topic: namespaced(namespace, contract.topic),
});

export const featureTopicContract = (view: string): TopicContract => ({
  topic: featureTopic(view),
  schema: featureVectorSchema,
  keyField: 'entity_id',
  cleanup: 'delete',
});

/** The events of a type re-keyed by `keyField`, with the event type's own schema. */
export const repartitionTopicContract = (eventType: EventTypeName, keyField: string): TopicContract => ({
  topic: repartitionTopic(eventType, keyField),
  schema: EventTypes[eventType].schema,
  keyField,
  cleanup: 'delete',
});

export const predictionTopicContract = (model: string): TopicContract => ({
  topic: predictionTopic(model),
  schema: predictionSchema,
  keyField: 'entity_id',
  cleanup: 'delete',
});

/** Where a model's shadow version writes: same schema, its own topic. */
export const shadowPredictionTopicContract = (model: string): TopicContract => ({
  ...predictionTopicContract(model),
  topic: shadowPredictionTopic(model),
});

/** The model of the bundled card-payments example. */
export const BUNDLED_MODEL = 'card_fraud';

/** Both topics a model writes: served predictions and shadow predictions. */
export const modelTopicContracts = (model: string): TopicContract[] => [
  predictionTopicContract(model),
  shadowPredictionTopicContract(model),
];
