export type { AvroField, AvroInfer, AvroRecordSchema } from './avro-infer';
export {
  EventTypes,
  FixedTopicContracts,
  Schemas,
  featureTopicContract,
  inNamespace,
  predictionTopicContract,
  repartitionTopicContract,
  type Alert,
  type EventTypeName,
  type FeatureVector,
  type Label,
  type ModelLifecycleEvent,
  type Prediction,
  type RetrainRequest,
  type TopicContract,
  type Transaction,
} from './catalog';
export { DlqHeaders, Topics, dlqTopic, featureTopic, namespaced, predictionTopic, repartitionTopic, valueSubject, type FixedTopic } from './topics';
