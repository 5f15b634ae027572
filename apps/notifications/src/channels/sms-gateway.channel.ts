import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { httpFailure, networkFailure, PermanentChannelError } from './channel-errors';
import type { ContactAddress, NotificationChannel, OutboundMessage } from './notification-channel';

/**
 * SMS through a generic HTTP gateway: one POST per message, JSON or form-encoded, field names from
 * config. `Idempotency-Key` lets a gateway that supports it drop a resend of the same notification.
 */
@Injectable()
export class SmsGatewayChannel implements NotificationChannel {
  readonly name = 'sms' as const;

  constructor(@Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.SMS_GATEWAY_URL);
  }

  async send(message: OutboundMessage, contactPoint: ContactAddress): Promise<void> {
    const url = this.config.SMS_GATEWAY_URL;
    if (!url) throw new PermanentChannelError('SMS channel is disabled (SMS_GATEWAY_URL is not set)');
    const fields: Record<string, string> = {
      [this.config.SMS_GATEWAY_TO_FIELD]: contactPoint.address,
      [this.config.SMS_GATEWAY_TEXT_FIELD]: message.short,
    };
    if (this.config.SMS_GATEWAY_SENDER) fields[this.config.SMS_GATEWAY_SENDER_FIELD] = this.config.SMS_GATEWAY_SENDER;
    const json = this.config.SMS_GATEWAY_FORMAT === 'json';
    const headers: Record<string, string> = {
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      'idempotency-key': message.notificationId,
    };
    const auth = this.config.SMS_GATEWAY_AUTH_HEADER;
    if (auth) {
      const at = auth.indexOf(':');
      headers[auth.slice(0, at).trim().toLowerCase()] = auth.slice(at + 1).trim();
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body: json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.SMS_GATEWAY_TIMEOUT_MS),
      });
      await response.body?.cancel();
    } catch (error) {
      throw networkFailure('SMS gateway', error);
    }
    if (!response.ok) throw httpFailure('SMS gateway', response.status);
  }
}
