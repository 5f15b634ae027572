import type { EventCatalogue } from '@ctip/contracts';

export interface MessagingOptions {
  /** The service name: Kafka client id, envelope `source`. */
  service: string;
  brokers: string[];
  catalogue: EventCatalogue;
  partitions: number;
  replicationFactor: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
