import { Injectable } from '@nestjs/common';
import { InboxService } from '../inbox/inbox.service';
import type { ContactAddress, NotificationChannel, OutboundMessage } from './notification-channel';

/** The person's inbox in this service: stored by notification id, so a resend is a no-op. */
@Injectable()
export class InAppChannel implements NotificationChannel {
  readonly name = 'in-app' as const;

  constructor(private readonly inbox: InboxService) {}

  async send(message: OutboundMessage, _contactPoint: ContactAddress): Promise<void> {
    await this.inbox.deliver({
      _id: message.notificationId,
      personId: message.recipientPersonId,
      category: message.category,
      urgency: message.urgency,
      sourceType: message.sourceType,
      aggregateKey: message.aggregateKey,
      subject: message.subject,
      body: message.body,
      link: message.link,
      createdAt: new Date(),
      readAt: null,
    });
  }
}
