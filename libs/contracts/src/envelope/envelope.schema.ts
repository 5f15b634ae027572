import { z } from 'zod';

/**
 * The one envelope every event travels in. `key` is the aggregate id (a case, a proposal):
 * it is the Kafka message key, so one aggregate's events stay in order on one partition.
 */
export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+(\.[a-z-]+)+$/, 'must be a dotted event type, e.g. case.alert.raised'),
  version: z.number().int().min(1),
  source: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  key: z.string().min(1).max(200),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).optional(),
  data: z.unknown(),
});

export type EventEnvelope<TData = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'data'> & {
  data: TData;
};

/** Kafka header names set on every message; consumers and the dead-letter topic rely on them. */
export const HEADERS = {
  messageId: 'message-id',
  eventType: 'event-type',
  correlationId: 'correlation-id',
  contentType: 'content-type',
  // dead-letter headers
  dlqReason: 'dlq-reason',
  dlqError: 'dlq-error',
  dlqSourceTopic: 'dlq-source-topic',
  dlqSourcePartition: 'dlq-source-partition',
  dlqSourceOffset: 'dlq-source-offset',
  dlqConsumerGroup: 'dlq-consumer-group',
  dlqAttempts: 'dlq-attempts',
  dlqFailedAt: 'dlq-failed-at',
} as const;

/** Why a message was dead-lettered. */
export const DLQ_REASONS = ['malformed', 'invalid-payload', 'unknown-topic', 'handler-failed', 'non-retriable'] as const;
export type DlqReason = (typeof DLQ_REASONS)[number];

/** The dead-letter topic of a topic. Changing this is a migration: DLQ consumers and alerts use it. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}
