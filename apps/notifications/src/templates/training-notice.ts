import type { Payload, Topic } from '@ctip/contracts';
import type { z } from 'zod';
import type { CalendarMethod } from '../channels/calendar-invitation.builder';
import type { Urgency } from '../channels/notification-channel';
import { defineNotification, type NotificationKind, type NotificationLinks } from './notification-kind';
import type { RecipientLocale, TemplateLanguage } from './recipient-locale';
import type { NotificationTemplate } from './template-renderer';
import { TRAINING_CATEGORY } from './training.category';
import {
  TRAINING_LABELS,
  trainingCalendar,
  trainingChannels,
  trainingContext,
  trainingLinks,
  type EventFacts,
  type TrainingLabels,
} from './training.labels';

/** The topics whose payload names its recipients in `recipients.personIds`, as every training notice does. */
type TrainingNoticeTopic = {
  [K in Topic]: Payload<K> extends { recipients: { personIds: string[] } } ? K : never;
}[Topic];

type SharedContext = ReturnType<typeof trainingContext>;

/**
 * Declares a training notice: what every training kind shares is filled in (category, recipients from
 * `recipients.personIds`, urgency normal, email + in-app and SMS when urgent, the link to the event, the
 * labels, the event's calendar entry), the kind gives the rest. `context` adds the kind's own values to
 * the shared ones (kind, title, shortTitle, when, where), which it receives as `event`.
 */
export function defineTrainingNotice<T extends TrainingNoticeTopic, F extends z.ZodObject & z.ZodType<EventFacts>>(spec: {
  topic: T;
  facts: F;
  context?: (facts: z.output<F>, locale: RecipientLocale<TrainingLabels>, event: SharedContext) => Record<string, unknown>;
  templates: Record<TemplateLanguage, NotificationTemplate>;
  sample: Payload<T>;
  urgency?: (data: Payload<T>) => Urgency;
  /** Absent: the event's page. */
  links?: (facts: z.output<F>, appBaseUrl: string) => NotificationLinks;
  /** REQUEST unless the notice removes the entry (CANCEL). */
  calendarMethod?: CalendarMethod;
}): NotificationKind<T> {
  const { context, urgency = () => 'normal', links = (f, appBaseUrl) => trainingLinks(appBaseUrl, f.eventId) } = spec;
  return defineNotification({
    topic: spec.topic,
    category: TRAINING_CATEGORY,
    facts: spec.facts,
    recipients: (data) => data.recipients.personIds,
    urgency,
    channels: trainingChannels,
    links,
    labels: TRAINING_LABELS,
    context: (f, locale) => {
      const event = trainingContext(f, locale);
      return context ? { ...event, ...context(f, locale, event) } : event;
    },
    calendar: (f, locale, notificationLinks) => trainingCalendar(f, locale, notificationLinks, spec.calendarMethod),
    templates: spec.templates,
    sample: spec.sample,
  });
}
