import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { MessageEvent } from '@nestjs/common';
import { createRedis, JobQueues } from '@ctip/scheduling';
import type { Redis } from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { filter, interval, map, merge, Observable, Subject, takeUntil } from 'rxjs';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { INSTANCE_NAME } from '../instance-name';

/** What an open console is told about a new inbox item: enough to show it, nothing it cannot already read. */
export interface InboxEvent {
  id: string;
  personId: string;
  category: string;
  urgency: string;
  subject: string;
  link: string;
  createdAt: string;
}

const HEARTBEAT_MS = 25_000;

/**
 * Live inbox updates over Redis pub/sub, so a console connected to any replica hears about an item
 * stored by any other. Best effort: a console that was offline reads its inbox over GET /me/inbox.
 */
@Injectable()
export class InboxStreamService implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly events = new Subject<InboxEvent>();
  private readonly closing = new Subject<void>();
  private subscriber?: Redis;
  private readonly channel: string;

  constructor(
    private readonly queues: JobQueues,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(INSTANCE_NAME) instance: string,
    private readonly logger: PinoLogger,
  ) {
    this.channel = `ctip-${instance}:inbox-events`;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = createRedis(this.config.REDIS_URL, 'client');
    this.subscriber.on('message', (_channel: string, message: string) => {
      try {
        this.events.next(JSON.parse(message) as InboxEvent);
      } catch {
        this.logger.warn('ignored a malformed inbox event');
      }
    });
    await this.subscriber.subscribe(this.channel);
  }

  /** Open streams end before the HTTP server closes: it waits for every open connection. */
  beforeApplicationShutdown(): void {
    this.closing.next();
    this.closing.complete();
  }

  async onApplicationShutdown(): Promise<void> {
    this.events.complete();
    await this.subscriber?.quit().catch(() => undefined);
  }

  async publish(event: InboxEvent): Promise<void> {
    await this.queues.redis.publish(this.channel, JSON.stringify(event));
  }

  /** Server-sent events for one person, with a heartbeat so proxies keep the connection open. */
  streamFor(personId: string): Observable<MessageEvent> {
    const items = this.events.pipe(
      filter((event) => event.personId === personId),
      map(({ personId: _owner, ...item }): MessageEvent => ({ id: item.id, type: 'inbox-item', data: item })),
    );
    const heartbeat = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: {} })));
    return merge(items, heartbeat).pipe(takeUntil(this.closing));
  }
}
