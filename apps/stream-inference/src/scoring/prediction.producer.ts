import { Injectable } from '@nestjs/common';
import type { Context } from '@opentelemetry/api';
import { predictionTopic, shadowPredictionTopic, type Prediction } from '@mlops/contracts';
import { KafkaService, type OutgoingRecord } from '@mlops/kafka';

/** A prediction and the trace it continues. */
export interface OutgoingPrediction {
  readonly prediction: Prediction;
  readonly traceContext?: Context | undefined;
}

/**
 * Writes predictions where they belong: served ones (champion, challenger) on
 * `predictions.<model>`, shadow ones on `predictions.<model>.shadow` only. Resolves after acks=all.
 */
@Injectable()
export class PredictionProducer {
  constructor(private readonly kafka: KafkaService) {}

  /** The topic a prediction goes to, in this deployment's namespace. */
  topicOf(prediction: Pick<Prediction, 'model_name' | 'variant'>): string {
    const name = prediction.variant === 'shadow' ? shadowPredictionTopic(prediction.model_name) : predictionTopic(prediction.model_name);
    return this.kafka.topic(name);
  }

  async send(predictions: readonly OutgoingPrediction[]): Promise<void> {
    const encoded = await Promise.all(
      predictions.map(async ({ prediction, traceContext }) => {
        const topic = this.topicOf(prediction);
        const value = await this.kafka.serde.encode(topic, prediction);
        const record: OutgoingRecord = { key: prediction.entity_id, value, ...(traceContext === undefined ? {} : { traceContext }) };
        return { topic, record };
      }),
    );
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const { topic, record } of encoded) {
      const records = byTopic.get(topic);
      if (records === undefined) byTopic.set(topic, [record]);
      else records.push(record);
    }
    await Promise.all([...byTopic].map(([topic, records]) => this.kafka.producer.send(topic, records)));
  }
}
