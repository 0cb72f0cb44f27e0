import type { Provider } from '@nestjs/common';
import { Topics, type ModelLifecycleEvent } from '@mlops/contracts';
import { KafkaService } from '@mlops/kafka';
import { LocalModelStore, ModelRegistry, type LifecyclePublisher } from '@mlops/model-registry';
import { INFERENCE_SETTINGS, type InferenceSettings } from '../stream-inference.settings';

/** Publishes registry changes on `models.lifecycle`, keyed by model (the topic is compacted). */
export function kafkaLifecyclePublisher(kafka: KafkaService): LifecyclePublisher {
  const topic = kafka.topic(Topics.modelLifecycle);
  return async (event: ModelLifecycleEvent) => {
    await kafka.producer.send(topic, [{ key: event.model_name, value: await kafka.serde.encode(topic, event) }]);
  };
}

export const registryProviders: Provider[] = [
  {
    provide: LocalModelStore,
    inject: [INFERENCE_SETTINGS],
    useFactory: (settings: InferenceSettings) => new LocalModelStore(settings.registryDir),
  },
  {
    provide: ModelRegistry,
    inject: [LocalModelStore, KafkaService],
    useFactory: (store: LocalModelStore, kafka: KafkaService) => new ModelRegistry(store, kafkaLifecyclePublisher(kafka)),
  },
];
