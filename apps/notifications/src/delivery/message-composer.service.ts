import { Inject, Injectable } from '@nestjs/common';
import { ZodError } from 'zod';
import { PermanentChannelError } from '../channels/channel-errors';
import type { OutboundMessage } from '../channels/notification-channel';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { isTemplateLanguage, LocaleLabels } from '../templates/locale-labels';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { TemplateRenderer } from '../templates/template-renderer';
import type { DeliveryRecord } from './delivery.schema';

/** Renders a delivery's message from its stored facts, in the recipient's language and time zone. */
@Injectable()
export class MessageComposer {
  private readonly renderer = new TemplateRenderer();

  constructor(
    private readonly catalogue: NotificationCatalogue,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  /** Throws TemplateVariableMissingError or PermanentChannelError: neither can succeed on a retry. */
  compose(record: DeliveryRecord): OutboundMessage {
    const kind = this.catalogue.forTopic(record.sourceTopic);
    if (!kind) throw new PermanentChannelError(`no notification template for ${record.sourceTopic}`);
    const language = isTemplateLanguage(record.language) ? record.language : 'en';
    let context;
    try {
      context = kind.context(record.facts, new LocaleLabels(language, record.timeZone), this.config.APP_BASE_URL);
    } catch (error) {
      if (error instanceof ZodError) {
        throw new PermanentChannelError(`stored facts invalid: ${error.issues.map((i) => i.path.join('.')).join(', ')}`);
      }
      throw error;
    }
    const rendered = this.renderer.render(kind.templates[language], context);
    return {
      notificationId: record._id,
      recipientPersonId: record.recipientPersonId,
      category: record.category,
      urgency: record.urgency,
      language,
      sourceEventId: record.sourceEventId,
      sourceType: record.sourceType,
      aggregateKey: record.aggregateKey,
      ...rendered,
      link: context.link,
      data: { ...record.facts, link: context.link },
    };
  }
}
