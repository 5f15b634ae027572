import type { EventCatalogue } from '@ctip/contracts';

export interface MessagingOptions {
  /** The service name: Kafka client id, envelope `source`. */
  service: string;
  brokers: string[];
  catalogue: EventCatalogue;
  partitions: number;
  replicationFactor: number;
  /**
   * Optional isolation of one deployment on shared infrastructure (a test run, a staging stack):
   * topics become `<namespace>.<topic>` and the consumer group `<namespace>.<service>`.
   */
  namespace?: string;
}

/** Physical topic names under a namespace; the catalogue and the code keep the logical names. */
export function namespacedTopic(topic: string, namespace?: string): string {
  return namespace ? `${namespace}.${topic}` : topic;
}

export function namespacedCatalogue(catalogue: EventCatalogue, namespace?: string): EventCatalogue {
  if (!namespace) return catalogue;
  return Object.fromEntries(
    Object.values(catalogue).map((d) => [namespacedTopic(d.topic, namespace), { ...d, topic: namespacedTopic(d.topic, namespace) }]),
  );
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
