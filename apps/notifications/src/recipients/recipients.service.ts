import { Inject, Injectable } from '@nestjs/common';
import type { DirectoryPersonChanged } from '@ctip/contracts';
import { PinoLogger } from 'nestjs-pino';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { INTERNAL_TARGET_REASON, WebhookTargetGuard } from '../channels/webhook-target-guard';
import type { ContactChannel } from '../channels/notification-channel';
import { ContactPointValidator, type ContactPointVerdict } from './contact-point-validator';
import { RecipientRepository, type RecipientContactPoint } from './recipient.repository';

@Injectable()
export class RecipientsService {
  private readonly validator: ContactPointValidator;
  private readonly webhookTargets: WebhookTargetGuard;

  constructor(
    private readonly recipients: RecipientRepository,
    @Inject(NOTIFICATIONS_CONFIG) config: NotificationsConfig,
    private readonly logger: PinoLogger,
  ) {
    this.validator = new ContactPointValidator({ allowHttpWebhooks: config.WEBHOOK_ALLOW_HTTP });
    this.webhookTargets = new WebhookTargetGuard(config.NODE_ENV === 'production');
  }

  /** Keeps verified contact points with valid addresses; a refused one is logged by id and reason, never by address. */
  async applySnapshot(person: DirectoryPersonChanged): Promise<void> {
    const contactPoints: RecipientContactPoint[] = [];
    for (const point of person.contactPoints) {
      if (!point.verified) continue;
      const verdict = await this.check(point.channel, point.address);
      if (!verdict.ok) {
        this.logger.warn(
          { personId: person.personId, contactPointId: point.contactPointId, channel: point.channel, reason: verdict.reason },
          'contact point rejected',
        );
        continue;
      }
      contactPoints.push({
        contactPointId: point.contactPointId,
        channel: point.channel,
        address: point.address,
        priority: point.priority,
      });
    }
    contactPoints.sort((a, b) => a.priority - b.priority);
    const outcome = await this.recipients.save({
      _id: person.personId,
      organisationId: person.organisationId,
      languages: person.languages,
      timeZone: person.timeZone,
      active: person.active,
      revision: person.revision,
      contactPoints,
    });
    if (outcome === 'stale')
      this.logger.debug({ personId: person.personId, revision: person.revision }, 'older directory snapshot ignored');
  }

  private async check(channel: ContactChannel, address: string): Promise<ContactPointVerdict> {
    const verdict = this.validator.check(channel, address);
    if (!verdict.ok || channel !== 'webhook') return verdict;
    return (await this.webhookTargets.refuses(address)) ? { ok: false, reason: INTERNAL_TARGET_REASON } : verdict;
  }
}
