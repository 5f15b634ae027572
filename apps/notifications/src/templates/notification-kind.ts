import type { Payload, Topic } from '@ctip/contracts';
import type { z } from 'zod';
import type { Urgency } from '../channels/notification-channel';
import type { LocaleLabels, TemplateLanguage } from './locale-labels';
import type { NotificationCategory } from './notification-categories';
import type { NotificationTemplate } from './template-renderer';

/** Template variables for one recipient; `link` also goes to webhook receivers as a field. */
export type TemplateContext = Record<string, string> & { link: string };

/** How one event type becomes notifications: who, how urgent, which facts, which templates. */
export interface NotificationKind {
  readonly topic: Topic;
  /** A key of NOTIFICATION_CATEGORIES (or a category registered by a test fixture). */
  readonly category: string;
  readonly templates: Record<TemplateLanguage, NotificationTemplate>;
  recipients(data: unknown): string[];
  urgency(data: unknown): Urgency;
  /** The whitelist: the only facts of the event that reach a template; stored with each delivery. */
  facts(data: unknown): Record<string, unknown>;
  context(facts: unknown, labels: LocaleLabels, appBaseUrl: string): TemplateContext;
}

/**
 * Declares a notification for a topic, typed against its payload. `facts` is a Zod object picked from the
 * event's schema: parsing strips every other field, so a field added to the event later never reaches a
 * template unless it is picked here.
 */
export function defineNotification<T extends Topic, F extends z.ZodObject>(spec: {
  topic: T;
  category: NotificationCategory;
  facts: F;
  recipients: (data: Payload<T>) => string[];
  urgency: (data: Payload<T>) => Urgency;
  context: (facts: z.output<F>, labels: LocaleLabels, appBaseUrl: string) => TemplateContext;
  templates: Record<TemplateLanguage, NotificationTemplate>;
}): NotificationKind {
  return {
    topic: spec.topic,
    category: spec.category,
    templates: spec.templates,
    recipients: (data) => spec.recipients(data as Payload<T>),
    urgency: (data) => spec.urgency(data as Payload<T>),
    facts: (data) => spec.facts.parse(data) as Record<string, unknown>,
    context: (facts, labels, appBaseUrl) => spec.context(spec.facts.parse(facts), labels, appBaseUrl),
  };
}

/** `${APP_BASE_URL}/cases/<caseRef>`: people open the case through the authenticated console. */
export function caseLink(appBaseUrl: string, caseRef: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/cases/${encodeURIComponent(caseRef)}`;
}
