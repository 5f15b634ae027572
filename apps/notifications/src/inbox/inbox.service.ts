import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NotFoundError } from '@ctip/errors';
import type { Page, PageRequest } from '@ctip/persistence';
import { PinoLogger } from 'nestjs-pino';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { InboxRepository, type InboxItem } from './inbox.repository';
import { InboxStreamService } from './inbox-stream.service';

const PURGE_INTERVAL_MS = 3600_000;

@Injectable()
export class InboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly inbox: InboxRepository,
    private readonly stream: InboxStreamService,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly logger: PinoLogger,
  ) {}

  /** Stores an item once and tells open consoles; a resend of the same notification changes nothing. */
  async deliver(item: InboxItem): Promise<void> {
    if (!(await this.inbox.insertIfAbsent(item))) return;
    const { _id: id, personId, category, urgency, subject, link, createdAt } = item;
    await this.stream
      .publish({ id, personId, category, urgency, subject, link, createdAt: createdAt.toISOString() })
      .catch((err: unknown) => this.logger.warn({ err }, 'inbox live update not published'));
  }

  page(personId: string, query: PageRequest & { unread?: boolean }): Promise<Page<InboxItem>> {
    return this.inbox.page(personId, query);
  }

  async markRead(personId: string, id: string): Promise<void> {
    if (!(await this.inbox.markRead(personId, id, new Date()))) throw new NotFoundError('no such inbox item');
  }

  /** No TTL indexes on the test database: old items are deleted by a periodic purge. */
  onApplicationBootstrap(): void {
    this.purgeTimer = setInterval(() => {
      const cutoff = new Date(Date.now() - this.config.INBOX_RETENTION_DAYS * 24 * 3600_000);
      this.inbox.purgeOlderThan(cutoff).catch((err: unknown) => this.logger.warn({ err }, 'inbox purge failed'));
    }, PURGE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }
}
