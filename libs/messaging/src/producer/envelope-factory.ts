import { randomUUID } from 'node:crypto';
import type { EventCatalogue, EventEnvelope, PayloadOf, TopicOf } from '@ctip/contracts';
import { Correlation } from '@ctip/observability';
import { NonRetriableError } from '../consumer/handler-errors';

export interface EnvelopeOptions {
  /** Defaults to the current correlation id (HTTP request, event or job being handled). */
  correlationId?: string;
  /** Defaults to the id of the event being handled, if any. */
  causationId?: string;
  occurredAt?: Date;
  /**
   * A fixed event id, for an event a resumable job may publish again (e.g. `deterministicUuid` of what it
   * records): a repeat then carries the same id and consumers drop it as a duplicate. Defaults to a random id.
   */
  id?: string;
}

/**
 * Builds envelopes for one service: validates the payload against the topic's schema, takes the key
 * from the payload's key field, and carries correlation and causation from the current context.
 */
export class EnvelopeFactory<C extends EventCatalogue> {
  constructor(
    private readonly catalogue: C,
    private readonly source: string,
  ) {}

  build<T extends TopicOf<C>>(topic: T, data: PayloadOf<C, T>, options: EnvelopeOptions = {}): EventEnvelope<PayloadOf<C, T>> {
    const definition = this.catalogue[topic];
    if (!definition) throw new NonRetriableError(`unknown topic ${topic}`);
    const parsed = definition.schema.safeParse(data);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new NonRetriableError(`payload for ${topic} is invalid: ${fields}`);
    }
    const key = (parsed.data as Record<string, unknown>)[definition.keyField];
    if (typeof key !== 'string' || key.length === 0) {
      throw new NonRetriableError(`payload for ${topic} has no ${definition.keyField} to key it by`);
    }
    const context = Correlation.current();
    return {
      id: options.id ?? randomUUID(),
      type: definition.type,
      version: definition.version,
      source: this.source,
      occurredAt: (options.occurredAt ?? new Date()).toISOString(),
      key,
      correlationId: options.correlationId ?? context?.correlationId ?? randomUUID(),
      causationId: options.causationId ?? context?.causationId,
      data: parsed.data as PayloadOf<C, T>,
    };
  }
}
