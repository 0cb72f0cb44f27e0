export { localServers, serviceEnv, uniqueIdentifier, uniqueName } from './local-servers';
export { ServiceProcess } from './service-process';
export { waitFor, type WaitOptions } from './wait-for';
export { KafkaTestKit } from './kafka-test-kit';
export { createDatabase, createTopicNamespace, queryRows } from './platform-fixture';
export { createFeatureTopics } from './feature-topics';
export { sampleInputs, testModel, type TestModel, type TestModelOptions } from './test-model';
