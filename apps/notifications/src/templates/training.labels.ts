import type { LocalizedText, TrainingEventFacts, TRAINING_EVENT_KINDS } from '@ctip/contracts';
import type { CalendarEntry, CalendarMethod } from '../channels/calendar-invitation.builder';
import type { DeliveryChannel, Urgency } from '../channels/notification-channel';
import type { NotificationLinks } from './notification-kind';
import type { RecipientLocale, TemplateLanguage } from './recipient-locale';

type EventKind = (typeof TRAINING_EVENT_KINDS)[number];
type Change = 'time' | 'venue' | 'agenda';

/** The event's facts every training notice keeps (its `.pick()` adds the notice's own fields). */
export const TRAINING_FACTS = { eventId: true, kind: true, title: true, online: true, version: true, calendar: true } as const;

export type EventFacts = Pick<TrainingEventFacts, keyof typeof TRAINING_FACTS>;

/** Display words of the training notices, per language. */
export interface TrainingLabels {
  kind: Record<EventKind, string>;
  change: Record<Change, string>;
  online: string;
  /** "in 7 days", "tomorrow", "today". */
  daysAhead: (days: number) => string;
  /** "up to 3 participants". */
  upTo: (count: number) => string;
}

const ru = new Intl.PluralRules('ru');
const RU_DAYS: Partial<Record<Intl.LDMLPluralRule, string>> = { one: 'день', few: 'дня', many: 'дней' };

export const TRAINING_LABELS: Record<TemplateLanguage, TrainingLabels> = {
  en: {
    kind: {
      training: 'training',
      'training-of-trainers': 'training of trainers',
      'coordination-meeting': 'co-ordination meeting',
      'annual-meeting': 'annual meeting',
      roundtable: 'roundtable',
      conference: 'conference',
      seminar: 'seminar',
    },
    change: { time: 'time', venue: 'venue', agenda: 'agenda' },
    online: 'Online',
    daysAhead: (days) => (days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`),
    upTo: (count) => (count === 1 ? 'up to 1 participant' : `up to ${count} participants`),
  },
  ru: {
    kind: {
      training: 'тренинг',
      'training-of-trainers': 'тренинг для тренеров',
      'coordination-meeting': 'координационное совещание',
      'annual-meeting': 'ежегодное совещание',
      roundtable: 'круглый стол',
      conference: 'конференция',
      seminar: 'семинар',
    },
    change: { time: 'время', venue: 'место проведения', agenda: 'программа' },
    online: 'Онлайн',
    daysAhead: (days) => (days === 0 ? 'сегодня' : days === 1 ? 'завтра' : `через ${days} ${RU_DAYS[ru.select(days)] ?? 'дня'}`),
    upTo: (count) => `до ${count} ${ru.select(count) === 'one' ? 'участника' : 'участников'}`,
  },
};

/** The title in the reader's language, else the other one. */
export function trainingTitle(locale: RecipientLocale<TrainingLabels>, title: LocalizedText): string {
  return title[locale.language] ?? title.en ?? title.ru ?? '';
}

/** Start and end on the reader's clock, in their language. */
export function trainingWhen(locale: RecipientLocale<TrainingLabels>, times: { startsAt: string; endsAt: string }): string {
  return `${locale.dateTime(times.startsAt)} – ${locale.dateTime(times.endsAt)}`;
}

/** The values every training template places: kind, title (whole, and short for SMS), when and where. */
export function trainingContext(f: EventFacts, locale: RecipientLocale<TrainingLabels>) {
  const title = trainingTitle(locale, f.title);
  return {
    kind: locale.labels.kind[f.kind],
    title,
    shortTitle: title.length > 80 ? `${title.slice(0, 79)}…` : title,
    when: trainingWhen(locale, f.calendar),
    where: f.online ? locale.labels.online : f.calendar.location,
  };
}

/** `${APP_BASE_URL}/training/events/<eventId>`: the event opens in the console, behind sign-in. */
export function trainingLinks(appBaseUrl: string, eventId: string, path = ''): NotificationLinks {
  return { link: `${appBaseUrl}/training/events/${encodeURIComponent(eventId)}${path}` };
}

/** Email, in-app; SMS too when the notice is urgent (high or critical) and the person has a phone. */
export function trainingChannels(urgency: Urgency): readonly DeliveryChannel[] {
  return urgency === 'normal' ? ['email', 'in-app'] : ['email', 'sms', 'in-app'];
}

/** The event's calendar entry, titled in the reader's language: one UID per event, its SEQUENCE, its zone. */
export function trainingCalendar(
  f: EventFacts,
  locale: RecipientLocale<TrainingLabels>,
  links: NotificationLinks,
  method: CalendarMethod = 'REQUEST',
): CalendarEntry {
  return {
    method,
    uid: f.calendar.uid,
    sequence: f.calendar.sequence,
    startsAt: f.calendar.startsAt,
    endsAt: f.calendar.endsAt,
    timeZone: f.calendar.timeZone,
    summary: trainingTitle(locale, f.title),
    location: f.calendar.location,
    description: links.link,
    url: links.link,
  };
}

/** A sample event for the kinds' `sample`s (seed 002: IOM's two-day training in Turkmenbashy). */
export const SAMPLE_TRAINING_EVENT: TrainingEventFacts = {
  eventId: 'evt-turkmenbashy-2010',
  kind: 'training',
  title: {
    en: 'Identification and referral of trafficked persons',
    ru: 'Выявление и перенаправление пострадавших от торговли людьми',
  },
  organisationId: 'iom-tm',
  city: 'Turkmenbashy',
  country: 'TM',
  online: false,
  version: 2,
  calendar: {
    uid: 'evt-turkmenbashy-2010@training-events.ctip',
    sequence: 1,
    startsAt: '2010-10-02T04:00:00Z',
    endsAt: '2010-10-03T12:00:00Z',
    timeZone: 'Asia/Ashgabat',
    location: 'Hotel Hazar, Turkmenbashy, Turkmenistan',
  },
  demo: true,
};
