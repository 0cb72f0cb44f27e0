import { EventTypes, featureTopicContract, repartitionTopicContract, type TopicContract } from '@mlops/contracts';
import type { FeatureView } from './view';

/**
 * The log a view is computed from. A view keyed like its source topic reads the source topic;
 * any other key needs the events re-keyed first, so each entity has one writer and one order.
 */
export function inputContract(view: FeatureView): TopicContract {
  const source = EventTypes[view.source];
  if (view.keyField === source.keyField) {
    return { topic: source.topic, schema: source.schema, keyField: source.keyField, cleanup: 'delete' };
  }
  return repartitionTopicContract(view.source, view.keyField);
}

export const needsRepartition = (view: FeatureView): boolean => view.keyField !== EventTypes[view.source].keyField;

/** Topics the views add to a deployment: each view's feature topic and the re-keyed logs they read. */
export function viewTopicContracts(views: readonly FeatureView[]): TopicContract[] {
  const contracts = new Map<string, TopicContract>();
  for (const view of views) {
    contracts.set(featureTopicContract(view.name).topic, featureTopicContract(view.name));
    if (needsRepartition(view)) contracts.set(inputContract(view).topic, inputContract(view));
  }
  return [...contracts.values()];
}
