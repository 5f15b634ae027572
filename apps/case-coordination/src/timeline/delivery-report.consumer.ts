import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TOPICS, type NotificationDelivered, type NotificationFailed } from '@ctip/contracts';
import { TypedEventPattern, type EventContext } from '@ctip/messaging';
import { CaseRepository } from '../cases/case.repository';

/**
 * Files the notifications service's delivery reports on the case they belong to (keyed by case id).
 * Idempotent by the report's id (`appendTimelineOnce`), so without the inbox: one write per report.
 */
@Controller()
export class DeliveryReportConsumer {
  constructor(private readonly cases: CaseRepository) {}

  @TypedEventPattern(TOPICS.notificationDelivered, { idempotent: true })
  async delivered(@Payload() data: NotificationDelivered, @Ctx() context: EventContext<NotificationDelivered>): Promise<void> {
    await this.file(context.getEnvelope().id, data.aggregateKey, 'notification.delivered', new Date(data.deliveredAt), {
      recipientPersonId: data.recipientPersonId,
      channel: data.channel,
      sourceType: data.sourceType,
      attempts: data.attempts,
    });
  }

  @TypedEventPattern(TOPICS.notificationFailed, { idempotent: true })
  async failed(@Payload() data: NotificationFailed, @Ctx() context: EventContext<NotificationFailed>): Promise<void> {
    await this.file(context.getEnvelope().id, data.aggregateKey, 'notification.failed', new Date(data.failedAt), {
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
