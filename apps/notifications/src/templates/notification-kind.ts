import type { Payload, Topic } from '@ctip/contracts';
import type { z } from 'zod';
import type { CalendarEntry } from '../channels/calendar-invitation.builder';
import type { DeliveryChannel, Urgency } from '../channels/notification-channel';
import type { RecipientRepository } from '../recipients/recipient.repository';
import type { NotificationCategory } from './notification-category';
import { RecipientLocale, type Reader, type TemplateLanguage } from './recipient-locale';
import type { NotificationTemplate } from './template-renderer';

/**
 * Deep links into the console, where people open the record behind sign-in: https or relative. `link` is
 * the notice's own (the in-app item, the digest line, the webhook's `link`); a kind may add more.
 */
export type NotificationLinks = { link: string } & Record<string, string>;

/** The part of the recipients read model a kind may consult to decide who receives it. */
export type RecipientDirectory = Pick<RecipientRepository, 'findMany'>;

/** What a template sees: the kind's context for one reader, and its links. */
export type TemplateContext = Record<string, unknown> & { link: string };

/**
 * How one event type becomes notifications: who receives it, in which category and how urgent, which
 * facts of the event it keeps, the links it points to, and its templates. Built by `defineNotification`;
 * the core sees only this.
 */
export interface NotificationKind<T extends Topic = Topic> {
  readonly topic: T;
  readonly category: NotificationCategory;
  readonly templates: Record<TemplateLanguage, NotificationTemplate>;
  /** A valid payload of the topic: the catalogue spec renders every kind from its own. */
  readonly sample: Payload<T>;
  recipients(data: Payload<T>, directory: RecipientDirectory): string[] | Promise<string[]>;
  urgency(data: Payload<T>): Urgency;
  /**
   * The channels a notice of this urgency may use (absent: every channel). The person's choice and their
   * contact points then select among them; an urgent failure falls back only to these.
   */
  channels?(urgency: Urgency): readonly DeliveryChannel[];
  /** The whitelist: the only facts of the event that reach a template; stored with each delivery. */
  facts(data: unknown): Record<string, unknown>;
  /** The template context and links for one reader, from stored facts (throws a ZodError if they are not valid). */
  present(facts: unknown, reader: Reader, appBaseUrl: string): { context: TemplateContext; links: NotificationLinks };
  /** The calendar entry an email about this notice carries (iCalendar), for one reader; absent: none. */
  calendar?(facts: unknown, reader: Reader, appBaseUrl: string): CalendarEntry;
}

/**
 * Declares a notification kind for a topic, typed against its payload. `facts` is a Zod object picked
 * from the event's schema: parsing strips every other field, so a field added to the event later never
 * reaches a template unless it is picked here. `labels` are the kind's own display words per language,
 * handed to `context` as `locale.labels`. `links` gets APP_BASE_URL without a trailing slash.
 */
export function defineNotification<T extends Topic, F extends z.ZodObject, L>(spec: {
  topic: T;
  category: NotificationCategory;
  facts: F;
  recipients: (data: Payload<T>, directory: RecipientDirectory) => string[] | Promise<string[]>;
  urgency: (data: Payload<T>) => Urgency;
  channels?: (urgency: Urgency) => readonly DeliveryChannel[];
  links: (facts: z.output<F>, appBaseUrl: string) => NotificationLinks;
  labels: Record<TemplateLanguage, L>;
  context: (facts: z.output<F>, locale: RecipientLocale<L>) => Record<string, unknown>;
  templates: Record<TemplateLanguage, NotificationTemplate>;
  calendar?: (facts: z.output<F>, locale: RecipientLocale<L>, links: NotificationLinks) => CalendarEntry;
  sample: Payload<T>;
}): NotificationKind<T> {
  const { calendar, channels } = spec;
  const localeOf = (reader: Reader) => new RecipientLocale(reader.language, reader.timeZone, spec.labels[reader.language]);
  return {
    topic: spec.topic,
    category: spec.category,
    templates: spec.templates,
    sample: spec.sample,
    recipients: (data, directory) => spec.recipients(data, directory),
    urgency: (data) => spec.urgency(data),
    ...(channels ? { channels: (urgency: Urgency) => channels(urgency) } : {}),
    facts: (data) => spec.facts.parse(data) as Record<string, unknown>,
    present: (stored, reader, appBaseUrl) => {
      const facts = spec.facts.parse(stored);
      const links = spec.links(facts, appBaseUrl.replace(/\/+$/, ''));
      return { context: { ...spec.context(facts, localeOf(reader)), ...links }, links };
    },
    ...(calendar
      ? {
          calendar: (stored: unknown, reader: Reader, appBaseUrl: string) => {
            const facts = spec.facts.parse(stored);
            return calendar(facts, localeOf(reader), spec.links(facts, appBaseUrl.replace(/\/+$/, '')));
          },
        }
      : {}),
  };
}
