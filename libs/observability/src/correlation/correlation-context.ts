import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface CorrelationContext {
  /** Follows one piece of work across HTTP, Kafka and BullMQ. */
  correlationId: string;
  /** The id of the event or job that caused the current work, when there is one. */
  causationId?: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();
const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The correlation id travels in HTTP headers, Kafka headers and job data; it is never personal data. */
export const Correlation = {
  header: 'x-correlation-id',
  run<T>(context: CorrelationContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): CorrelationContext | undefined {
    return storage.getStore();
  },
  id(): string | undefined {
    return storage.getStore()?.correlationId;
  },
  /** Accepts an incoming id only if it is short and plain, so a caller cannot inject text into logs. */
  accept(candidate: unknown): string {
    return typeof candidate === 'string' && SAFE_ID.test(candidate) ? candidate : randomUUID();
  },
};
