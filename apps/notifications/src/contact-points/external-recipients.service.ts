import { Inject, Injectable } from '@nestjs/common';
import { ContactSeal } from '@ctip/contact-seal';
import type { NotificationContactPointErased, NotificationContactPointSealed } from '@ctip/contracts';
import { NonRetriableError } from '@ctip/messaging';
import { PinoLogger } from 'nestjs-pino';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { ContactPointValidator } from '../recipients/contact-point-validator';
import { RecipientRepository, type RecipientContactPoint } from '../recipients/recipient.repository';
import { sealedContactDetailsSchema, type SealedContactDetails } from './sealed-contact-details.schema';

/**
 * People outside the directory (an external participant of a training), from the sealed contact-point
 * route: opened here, the only place their details are read, and kept in the recipients read model as
 * `external` recipients. Logs and dead-letter reasons name the recipient id, never a detail.
 */
@Injectable()
export class ExternalRecipientsService {
  private readonly seal: ContactSeal;
  private readonly validator: ContactPointValidator;

  constructor(
    private readonly recipients: RecipientRepository,
    private readonly deliveries: DeliveryRepository,
    @Inject(NOTIFICATIONS_CONFIG) config: NotificationsConfig,
    private readonly logger: PinoLogger,
  ) {
    this.seal = new ContactSeal(config.CONTACT_SEAL_KEYS);
    this.validator = new ContactPointValidator({ allowHttpWebhooks: false });
  }

  /** Revision-guarded: an older revision, or any after an erasure, is ignored. */
  async applySealed(event: NotificationContactPointSealed): Promise<void> {
    const details = this.open(event);
    const contactPoints: RecipientContactPoint[] = [];
    for (const [channel, address] of [
      ['email', details.email],
      ['sms', details.phone],
    ] as const) {
      if (!address) continue;
      const verdict = this.validator.check(channel, address);
      if (verdict.ok) contactPoints.push({ contactPointId: channel, channel, address, priority: contactPoints.length });
      else this.logger.warn({ personId: event.recipientId, channel, reason: verdict.reason }, 'contact point rejected');
    }
    const outcome = await this.recipients.save({
      _id: event.recipientId,
      organisationId: 'external',
      languages: [details.language],
      timeZone: details.timeZone,
      active: true,
      revision: event.revision,
      contactPoints,
      external: true,
      displayName: details.displayName,
      source: event.source,
    });
    if (outcome === 'stale')
      this.logger.info({ personId: event.recipientId, revision: event.revision }, 'older or erased contact point ignored');
  }

  /**
   * Forgets the person: a tombstone replaces their details (so a late sealed message cannot bring them
   * back), and the deliveries made for them lose the language and time zone they were written in. The
   * deliveries never held an address (it is read from here at send time): any still pending fail for
   * want of a contact point.
   */
  async erase(event: NotificationContactPointErased): Promise<void> {
    await this.recipients.erase(event.recipientId, event.source);
    const scrubbed = await this.deliveries.scrubRecipient(event.recipientId);
    this.logger.info({ personId: event.recipientId, source: event.source, deliveries: scrubbed }, 'external recipient erased');
  }

  /** A value that does not open can never be handled: dead-lettered with why, never with what. */
  private open(event: NotificationContactPointSealed): SealedContactDetails {
    let opened: unknown;
    try {
      opened = this.seal.open(event.recipientId, event);
    } catch (error) {
      throw new NonRetriableError(`sealed contact point does not open: ${openFailure(error)}`);
    }
    const parsed = sealedContactDetailsSchema.safeParse(opened);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'} (${issue.code})`).join(', ');
      throw new NonRetriableError(`sealed contact point has invalid details: ${fields}`);
    }
    return parsed.data;
  }
}

function openFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/^unknown contact seal key|^sealed value is too short/.test(message)) return message;
  if (error instanceof SyntaxError) return 'the opened value is not JSON';
  return 'authentication failed (altered, or sealed for another recipient or with another key)';
}
