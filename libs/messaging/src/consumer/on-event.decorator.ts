import { SetMetadata } from '@nestjs/common';
import type { Catalogue, EventEnvelope, Payload, Topic } from '@ctip/contracts';

export const ON_EVENT = Symbol('ON_EVENT');

type Handler<T extends Topic> = (data: Payload<T>, envelope: EventEnvelope<Payload<T>>) => Promise<void>;

/**
 * Marks a provider method as the handler of a topic. The method's parameter types are checked against
 * the catalogue at compile time; the payload is validated against the topic's schema before the call.
 * Handlers stay short (heartbeats run between messages): long work goes to a BullMQ job.
 */
export function OnEvent<T extends Topic>(topic: T) {
  return <M extends Handler<T>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    SetMetadata(ON_EVENT, topic)(target, key, descriptor);
  };
}

export type { Catalogue };
