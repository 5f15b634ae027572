import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { Payload, Topic } from '@ctip/contracts';
import type { HandlerOptions } from '../consumer/event-consumer';
import type { EventContext } from './event-context';
import { EventErrorPassthroughFilter } from './event-error-passthrough.filter';

type Handler<T extends Topic> = (data: Payload<T>, context: EventContext<Payload<T>>) => Promise<void>;

/**
 * `@EventPattern(topic)` checked against the catalogue at compile time: it only compiles on a method whose
 * `@Payload()` parameter is the topic's payload (and whose `@Ctx()`, if any, is its `EventContext`). The
 * transport validates the payload against the topic's schema before the call; an invalid message never
 * reaches the handler. Handlers stay short (heartbeats run between messages): long work goes to a job.
 * It also binds `EventErrorPassthroughFilter`, so the transport sees the handler's own error.
 *
 * `options`: see HandlerOptions (`idempotent` for a handler whose writes are guarded by their own keys,
 * `lane` for a consumer of its own).
 */
export function TypedEventPattern<T extends Topic>(topic: T, options: HandlerOptions = {}) {
  return <M extends Handler<T>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    applyDecorators(EventPattern<string>(topic, { ...options }), UseFilters(EventErrorPassthroughFilter))(target, key, descriptor);
  };
}
