import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from '@mlops/observability';

export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through our JSON logger; its INFO chatter (joins, rebalances) is kept at debug. */
function jsonLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...rest } = log;
      // Producers retry for a bounded time on purpose (callers answer or retry themselves), and
      // deduplicating sinks make up for it; kafkajs' warning about that is expected, not news.
      const expected = message.startsWith('Limiting retries for the idempotent producer');
      const target = level === logLevel.INFO || expected ? 'debug' : (levels[level] ?? 'debug');
      logger[target]({ kafka: rest }, message);
    };
}

export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
    logCreator: jsonLogCreator(logger),
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5_000 },
    connectionTimeout: 3_000,
  });
}
