import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { classifySmtpError } from './channel-errors';
import type { ContactAddress, NotificationChannel, OutboundMessage } from './notification-channel';

/** `<notificationId@domain>`: the same notification always carries the same Message-ID, so mailboxes can drop a resend. */
export function emailMessageId(notificationId: string, from: string): string {
  const domain = /@([^\s@>]+)/.exec(from)?.[1] ?? 'ctip.local';
  return `<${notificationId}@${domain}>`;
}

/**
 * Email over SMTP with pooled connections; TLS as configured. Critical and high notices have a pool of
 * their own, so an alert never waits for a connection behind a meeting's fan-out.
 */
@Injectable()
export class EmailChannel implements NotificationChannel, OnApplicationShutdown {
  readonly name = 'email' as const;
  private readonly transport: Transporter;
  private readonly urgentTransport: Transporter;

  constructor(@Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig) {
    this.transport = this.pool();
    this.urgentTransport = this.pool();
  }

  private pool(): Transporter {
    const config = this.config;
    return createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      pool: true,
      maxConnections: config.SMTP_MAX_CONNECTIONS,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
      tls: { rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED },
      connectionTimeout: config.SMTP_TIMEOUT_MS,
      greetingTimeout: config.SMTP_TIMEOUT_MS,
      socketTimeout: config.SMTP_TIMEOUT_MS,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(message: OutboundMessage, contactPoint: ContactAddress): Promise<void> {
    try {
      const transport = message.urgency === 'normal' ? this.transport : this.urgentTransport;
      await transport.sendMail({
        from: this.config.SMTP_FROM,
        to: contactPoint.address,
        subject: message.subject,
        text: message.body,
        messageId: emailMessageId(message.notificationId, this.config.SMTP_FROM),
        priority: message.urgency === 'normal' ? 'normal' : 'high',
        headers: { 'Auto-Submitted': 'auto-generated', 'X-CTIP-Notification-Id': message.notificationId },
        // A text/calendar alternative with its method (what calendar applications act on) and an invite.ics.
        ...(message.calendar ? { icalEvent: { method: message.calendar.method, content: message.calendar.content } } : {}),
      });
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
    this.urgentTransport.close();
  }
}
