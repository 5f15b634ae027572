import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, webhookSigningKeys, type NotificationsConfig } from '../config';
import { httpFailure, networkFailure } from './channel-errors';
import type { ContactAddress, NotificationChannel, OutboundMessage } from './notification-channel';
import { WebhookTargetGuard } from './webhook-target-guard';
import { parseSigningKeys, signWebhook, WEBHOOK_HEADERS, type SigningKey } from './webhook-signature';

/** The JSON a webhook receiver gets. Versioned by `schema`; fields are only ever added. */
export interface WebhookPayload {
  schema: 'ctip.notification.v1';
  notificationId: string;
  category: string;
  urgency: string;
  language: string;
  sourceType: string;
  sourceEventId: string;
  aggregateKey: string;
  subject: string;
  body: string;
  link: string;
  data: Record<string, unknown>;
}

/** A JSON POST signed with HMAC-SHA256 over `${timestamp}.${body}` (see verifyWebhookSignature). */
@Injectable()
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook' as const;
  private readonly signingKey: SigningKey;
  private readonly targets: WebhookTargetGuard;

  constructor(@Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig) {
    this.signingKey = parseSigningKeys(webhookSigningKeys(config))[0];
    this.targets = new WebhookTargetGuard(config.NODE_ENV === 'production');
  }

  async send(message: OutboundMessage, contactPoint: ContactAddress): Promise<void> {
    // Resolved again here, not only when the contact point was stored: DNS may have changed since. fetch
    // resolves once more itself, so a name re-pointed within that moment (DNS rebinding) is not covered.
    await this.targets.assertAllowed(contactPoint.address);
    const payload: WebhookPayload = {
      schema: 'ctip.notification.v1',
      notificationId: message.notificationId,
      category: message.category,
      urgency: message.urgency,
      language: message.language,
      sourceType: message.sourceType,
      sourceEventId: message.sourceEventId,
      aggregateKey: message.aggregateKey,
      subject: message.subject,
      body: message.body,
      link: message.link,
      data: message.data,
    };
    const body = JSON.stringify(payload);
    let response: Response;
    try {
      response = await fetch(contactPoint.address, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'ctip-notifications/1',
          [WEBHOOK_HEADERS.idempotencyKey]: message.notificationId,
          ...signWebhook(body, this.signingKey),
        },
        body,
        // A redirect could lead the signed request anywhere: it counts as a refusal.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      await response.body?.cancel();
    } catch (error) {
      throw networkFailure('webhook', error);
    }
    if (!response.ok) throw httpFailure('webhook', response.status);
  }
}
