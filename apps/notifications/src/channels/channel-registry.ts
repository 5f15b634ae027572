import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { EmailChannel } from './email.channel';
import { InAppChannel } from './in-app.channel';
import type { DeliveryChannel, NotificationChannel } from './notification-channel';
import { SmsGatewayChannel } from './sms-gateway.channel';
import { WebhookChannel } from './webhook.channel';

/** The channels by name; SMS is disabled (and said so once at boot) when no gateway is configured. */
@Injectable()
export class ChannelRegistry implements OnModuleInit {
  private readonly channels: Map<DeliveryChannel, NotificationChannel>;
  readonly enabled: ReadonlySet<DeliveryChannel>;

  constructor(
    email: EmailChannel,
    private readonly sms: SmsGatewayChannel,
    webhook: WebhookChannel,
    inApp: InAppChannel,
    private readonly logger: PinoLogger,
  ) {
    this.channels = new Map<DeliveryChannel, NotificationChannel>([email, sms, webhook, inApp].map((channel) => [channel.name, channel]));
    this.enabled = new Set([...this.channels.keys()].filter((name) => name !== 'sms' || sms.enabled));
  }

  onModuleInit(): void {
    if (!this.sms.enabled) this.logger.warn('SMS channel disabled: SMS_GATEWAY_URL is not set');
  }

  get(name: DeliveryChannel): NotificationChannel {
    const channel = this.channels.get(name);
    if (!channel) throw new Error(`no channel ${name}`);
    return channel;
  }
}
