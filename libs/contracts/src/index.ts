export type { AvroField, AvroInfer, AvroRecordSchema } from './avro-infer';
export {
  EventTypes,
  FixedTopicContracts,
  Schemas,
  featureTopicContract,
  inNamespace,
  predictionTopicContract,
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
export { DlqHeaders, Topics, dlqTopic, featureTopic, namespaced, predictionTopic, valueSubject, type FixedTopic } from './topics';
