/** Every topic name the platform uses. A string literal topic name elsewhere is a bug. */
export const Topics = {
  transactions: 'events.transactions',
  labels: 'labels.transactions',
  modelLifecycle: 'models.lifecycle',
  alerts: 'monitoring.alerts',
  retrainRequests: 'retrain.requests',
} as const;

export type FixedTopic = (typeof Topics)[keyof typeof Topics];

const NAME = /^[a-z][a-z0-9_-]{0,99}$/;

function checkedName(kind: string, name: string): string {
  if (!NAME.test(name)) {
    throw new Error(`invalid ${kind} name "${name}": expected lowercase letters, digits, "_" or "-"`);
  }
  return name;
}

/** `features.<view>`: one topic per feature view, all versions of the view share it. */
export const featureTopic = (view: string): string => `features.${checkedName('feature view', view)}`;

/** `predictions.<model>`: one topic per model name, all versions and variants share it. */
export const predictionTopic = (model: string): string => `predictions.${checkedName('model', model)}`;

/** `predictions.<model>.shadow`: scores of the shadow version, never served and never on the model's topic. */
export const shadowPredictionTopic = (model: string): string => `${predictionTopic(model)}.shadow`;

/**
 * A topic or consumer-group name inside a namespace (`<ns>.<name>`); the empty namespace is the
 * plain name. Namespaces isolate tenants and test runs on one cluster.
 */
export const namespaced = (namespace: string, name: string): string => (namespace === '' ? name : `${namespace}.${name}`);

/**
 * `repartition.<type>.<field>`: the events of a type re-keyed by another field, so that every
 * entity of that field (e.g. a merchant) has one partition, one writer and one log order.
 */
export const repartitionTopic = (eventType: string, keyField: string): string =>
  `repartition.${checkedName('event type', eventType)}.${checkedName('key field', keyField)}`;

/** Where messages of `topic` that cannot be decoded or validated go, with the reason in headers. */
export const dlqTopic = (topic: string): string => `${topic}.dlq`;

/** Confluent TopicNameStrategy: the registry subject of a topic's values. */
export const valueSubject = (topic: string): string => `${topic}-value`;

/** Header names of dead-lettered messages. */
export const DlqHeaders = {
  error: 'dlq.error',
  errorClass: 'dlq.error.class',
  sourceTopic: 'dlq.source.topic',
  sourcePartition: 'dlq.source.partition',
  sourceOffset: 'dlq.source.offset',
  failedAt: 'dlq.failed.at',
  consumerGroup: 'dlq.consumer.group',
} as const;
