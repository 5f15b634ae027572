import { Inject, Injectable } from '@nestjs/common';
import { ZodError } from 'zod';
import { PermanentChannelError } from '../channels/channel-errors';
import { CalendarInvitationBuilder } from '../channels/calendar-invitation.builder';
import type { ContactAddress, OutboundMessage } from '../channels/notification-channel';
import { calendarOrganizer, NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config';
import { DIGEST_TEMPLATES, digestContext, type DigestItem } from '../templates/digest.templates';
import { NotificationCatalogue } from '../templates/notification-catalogue';
import { isTemplateLanguage } from '../templates/recipient-locale';
import { TemplateRenderer } from '../templates/template-renderer';
import type { DeliveryRecord } from './delivery.schema';

/** Renders a delivery's message from its stored facts, in the recipient's language and time zone. */
@Injectable()
export class MessageComposer {
  private readonly renderer = new TemplateRenderer();
  private readonly calendars: CalendarInvitationBuilder;

  constructor(
    private readonly catalogue: NotificationCatalogue,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {
    this.calendars = new CalendarInvitationBuilder(calendarOrganizer(config));
  }

  /**
   * Throws TemplateVariableMissingError or PermanentChannelError: neither can succeed on a retry. Given the
   * email address it goes to, an email of a kind with a `calendar` hook carries its invitation (the reader
   * is the attendee).
   */
  compose(record: DeliveryRecord, to?: ContactAddress): OutboundMessage {
    const kind = this.catalogue.forTopic(record.sourceTopic);
    if (!kind) throw new PermanentChannelError(`no notification template for ${record.sourceTopic}`);
    const language = languageOf(record);
    const reader = { language, timeZone: record.timeZone };
    const { context, links } = withStoredFacts(() => kind.present(record.facts, reader, this.config.APP_BASE_URL));
    const rendered = this.renderer.render(kind.templates[language], context);
    const calendar =
      kind.calendar && to?.channel === 'email'
        ? this.calendars.build(
            withStoredFacts(() => kind.calendar!(record.facts, reader, this.config.APP_BASE_URL)),
            { email: to.address },
            new Date(record.sourceOccurredAt),
          )
        : undefined;
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
      link: links.link,
      data: { ...record.facts, ...links },
      ...(calendar ? { calendar } : {}),
    };
  }

  /**
   * One digest message for a person's held deliveries on one channel, in the language of the first. Each
   * item is the notice's own subject line and link; a notice that cannot be rendered is left out and
   * returned with its error, to fail on its own.
   */
  composeDigest(digestId: string, day: string, records: DeliveryRecord[]): DigestComposition {
    const included: DeliveryRecord[] = [];
    const items: (DigestItem & { notificationId: string; sourceEventId: string; sourceType: string })[] = [];
    const unrenderable: { record: DeliveryRecord; error: unknown }[] = [];
    for (const record of records) {
      try {
        const { subject, link } = this.compose(record);
        items.push({ subject, link, notificationId: record._id, sourceEventId: record.sourceEventId, sourceType: record.sourceType });
        included.push(record);
      } catch (error) {
        unrenderable.push({ record, error });
      }
    }
    if (included.length === 0) return { included, unrenderable };
    const first = included[0];
    const language = languageOf(first);
    const context = digestContext({ day, language, items, appBaseUrl: this.config.APP_BASE_URL });
    const rendered = this.renderer.render(DIGEST_TEMPLATES[language], context);
    const message: OutboundMessage = {
      notificationId: digestId,
      recipientPersonId: first.recipientPersonId,
      category: 'digest',
      urgency: 'normal',
      language,
      sourceEventId: digestId,
      sourceType: 'notification.digest',
      aggregateKey: first.recipientPersonId,
      ...rendered,
      link: context.link,
      data: { day, items },
    };
    return { message, included, unrenderable };
  }
}

export interface DigestComposition {
  /** Absent when no held delivery could be rendered. */
  message?: OutboundMessage;
  included: DeliveryRecord[];
  unrenderable: { record: DeliveryRecord; error: unknown }[];
}

/** Facts stored with a delivery that no longer fit its kind: it can never be rendered. */
function withStoredFacts<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ZodError) {
      throw new PermanentChannelError(`stored facts invalid: ${error.issues.map((i) => i.path.join('.')).join(', ')}`);
    }
    throw error;
  }
}

function languageOf(record: DeliveryRecord) {
  return isTemplateLanguage(record.language) ? record.language : 'en';
}
