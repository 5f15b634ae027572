import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ChannelRegistry } from '../channels/channel-registry';
import type { ContactChannel } from '../channels/notification-channel';
import { RecipientRepository } from '../recipients/recipient.repository';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { ChannelPlanner } from './channel-planner';
import { notificationIdOf } from './notification-id';
import { DeliveryQueue } from './delivery-queue.service';
import { DeliveryRepository } from './delivery.repository';
import { newDeliveryRecord, type DeliveryRecord } from './delivery.schema';

/**
 * After an urgent delivery failed for good, tries the person's next channel by contact point priority.
 * The choice is stored on the failed record before the new delivery is created, so running this again
 * after a crash picks the same channel and creates nothing twice.
 */
@Injectable()
export class DeliveryFallbackService {
  private readonly planner: ChannelPlanner;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly recipients: RecipientRepository,
    private readonly queue: DeliveryQueue,
    private readonly catalogue: NotificationCatalogue,
    channels: ChannelRegistry,
    private readonly logger: PinoLogger,
  ) {
    this.planner = new ChannelPlanner(channels.enabled);
  }

  async afterFinalFailure(failed: DeliveryRecord): Promise<void> {
    const channel = failed.fallbackChannel ?? (await this.choose(failed));
    if (channel) {
      const stored = await this.deliveries.createIfAbsent(
        newDeliveryRecord(failed, {
          _id: notificationIdOf(failed.sourceEventId, failed.recipientPersonId, channel),
          channel,
          role: 'fallback',
          fallbackFrom: failed.channel,
          dueAt: new Date(),
        }),
      );
      if (stored.status !== 'sent' && stored.status !== 'failed') await this.queue.enqueue(stored);
      this.logger.info({ notificationId: failed._id, from: failed.channel, to: channel }, 'falling back to the next channel');
    } else {
      this.logger.warn({ notificationId: failed._id, channel: failed.channel }, 'no channel left to fall back to');
    }
    await this.deliveries.clearFallbackPending(failed._id);
  }

  private async choose(failed: DeliveryRecord): Promise<ContactChannel | undefined> {
    const recipient = await this.recipients.findRecent(failed.recipientPersonId);
    if (!recipient?.active) return undefined;
    const used = await this.deliveries.channelsUsed(failed.sourceEventId, failed.recipientPersonId);
    const offered = this.catalogue.forTopic(failed.sourceTopic)?.channels?.(failed.urgency);
    const next = this.planner.fallback(recipient.contactPoints, used, offered);
    return next ? this.deliveries.chooseFallback(failed._id, next) : undefined;
  }
}
