import { Injectable } from '@nestjs/common';
import { TOPICS, type EventEnvelope, type NotificationDelivered, type NotificationFailed } from '@ctip/contracts';
import { OnEvent } from '@ctip/messaging';
import { CaseRepository } from '../cases/case.repository';

/** Files the notifications service's delivery reports on the case they belong to (keyed by case id). */
@Injectable()
export class DeliveryReportConsumer {
  constructor(private readonly cases: CaseRepository) {}

  @OnEvent(TOPICS.notificationDelivered)
  async delivered(data: NotificationDelivered, envelope: EventEnvelope<NotificationDelivered>): Promise<void> {
    await this.file(envelope.id, data.aggregateKey, 'notification.delivered', new Date(data.deliveredAt), {
      recipientPersonId: data.recipientPersonId,
      channel: data.channel,
      sourceType: data.sourceType,
      attempts: data.attempts,
    });
  }

  @OnEvent(TOPICS.notificationFailed)
  async failed(data: NotificationFailed, envelope: EventEnvelope<NotificationFailed>): Promise<void> {
    await this.file(envelope.id, data.aggregateKey, 'notification.failed', new Date(data.failedAt), {
      recipientPersonId: data.recipientPersonId,
      channel: data.channel,
      sourceType: data.sourceType,
      permanent: data.permanent,
      reason: data.reason,
    });
  }

  /** Reports about other aggregates (a proposal, a training) are not this service's business. */
  private async file(eventId: string, caseId: string, type: string, at: Date, details: Record<string, unknown>): Promise<void> {
    await this.cases.appendTimelineOnce(caseId, { id: eventId, at, type, details });
  }
}
