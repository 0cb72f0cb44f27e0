export { AvroSerde, createSchemaRegistryClient, isRegistryUnavailable, type SchemaRegistrySettings } from './avro-serde';
export { BatchingProducer, type BatchingProducerOptions, type OutgoingRecord } from './batching-producer';
export {
  ConsumerRunner,
  type ConsumedBatch,
  type ConsumedMessage,
  type ConsumerRunnerOptions,
  type ConsumerRunnerStats,
} from './consumer-runner';
export { MessageValidationError, MissingTopicsError, SchemaDecodeError, SchemaEncodeError, SchemaIncompatibleError } from './errors';
export { createKafka, type KafkaSettings } from './kafka-client';
export { KafkaModule } from './kafka.module';
export { KAFKA_SETTINGS, KafkaService, type KafkaModuleSettings } from './kafka.service';
export { registerContract, registerContracts, type RegisteredSchema } from './schema-registration';
export { ensureTopics, type TopicLayout } from './topic-admin';
