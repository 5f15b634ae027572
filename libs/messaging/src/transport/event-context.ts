import { BaseRpcContext } from '@nestjs/microservices';
import type { EventEnvelope } from '@ctip/contracts';

/** Where a handled message came from: the catalogue's (logical) topic, its partition and offset. */
export interface EventDelivery {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * What `@Ctx()` gives an event handler: the validated envelope (id, key, correlation and causation ids,
 * time) and where the message came from. Unlike Nest's `KafkaContext` it exposes neither the consumer
 * nor the producer: offsets are committed by the transport, only after the handler returned (or the
 * message was dead-lettered), so a handler cannot commit early or skip a message.
 */
export class EventContext<T = unknown> extends BaseRpcContext<[EventEnvelope<T>, EventDelivery]> {
  getEnvelope(): EventEnvelope<T> {
    return this.args[0];
  }

  getTopic(): string {
    return this.args[1].topic;
  }

  getPartition(): number {
    return this.args[1].partition;
  }

  getOffset(): string {
    return this.args[1].offset;
  }
}
