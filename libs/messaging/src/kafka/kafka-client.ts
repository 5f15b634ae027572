import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import { pinoLogCreator } from './kafka-logging';
import { quietIdleRequestQueues } from './request-queue-idle';

export function createKafka(options: { clientId: string; brokers: string[]; logger: Logger }): Kafka {
  quietIdleRequestQueues();
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(options.logger.child({ component: 'kafkajs' })),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    // Reconnect for about a minute before giving up on a request; consumers have their own restart policy.
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
  });
}
