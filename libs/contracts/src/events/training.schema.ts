import { z } from 'zod';
import { countryCodeSchema, timeZoneSchema } from './common.schema';

/** What the training-events service runs (seeds 000–002): trainings, their trainers' trainings, and meetings. */
export const TRAINING_EVENT_KINDS = [
  'training',
  'training-of-trainers',
  'coordination-meeting',
  'annual-meeting',
  'roundtable',
  'conference',
  'seminar',
] as const;
export const trainingEventKindSchema = z.enum(TRAINING_EVENT_KINDS);

/**
 * The professional groups trainings are for (seed 001: law enforcement, prosecutors, the judiciary,
 * lawyers, immigration officers, medical personnel, NGO representatives, media professionals), plus OSCE
 * field staff, border guards and social workers. Directory people carry theirs; invitations select by them.
 */
export const TRAINING_AUDIENCES = [
  'law-enforcement',
  'prosecutors',
  'judiciary',
  'lawyers',
  'immigration-officers',
  'medical-personnel',
  'ngo-representatives',
  'media-professionals',
  'osce-field-staff',
  'border-guards',
  'social-workers',
] as const;
export const trainingAudienceSchema = z.enum(TRAINING_AUDIENCES);

/** A text in English and/or Russian: at least one of them. */
export const localizedTextSchema = z
  .object({ en: z.string().min(1).max(2000).optional(), ru: z.string().min(1).max(2000).optional() })
  .refine((t) => t.en !== undefined || t.ru !== undefined, { message: 'needs en or ru' });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/**
 * What a calendar application needs to keep one entry per event (RFC 5545): a stable `uid`, a
 * `sequence` that grows with every change of time, venue or agenda, and times with their time zone.
 * The notifications service renders it as an iCalendar attachment; the method (REQUEST or CANCEL)
 * follows from the notice.
 */
export const trainingCalendarSchema = z.object({
  uid: z.string().min(1).max(200),
  sequence: z.number().int().min(0),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  /** The venue's IANA time zone (the organiser's, for an online event). */
  timeZone: timeZoneSchema,
  /** "Venue, City, Country" or "Online". */
  location: z.string().min(1).max(500),
});

/**
 * What every training notice says about the event: never a participant list, never contact details.
 * `version` counts changes of time, venue or agenda (1 when created).
 */
export const trainingEventFactsSchema = z.object({
  eventId: z.string().min(1),
  kind: trainingEventKindSchema,
  title: localizedTextSchema,
  organisationId: z.string().min(1),
  city: z.string().min(1).max(200).optional(),
  country: countryCodeSchema.optional(),
  online: z.boolean(),
  version: z.number().int().min(1),
  calendar: trainingCalendarSchema,
  demo: z.boolean(),
});
export type TrainingEventFacts = z.infer<typeof trainingEventFactsSchema>;

/**
 * Who a training notice goes to: recipient ids the notifications service knows, either directory people
 * or external participants whose contact points reached it by the contact-point route (ids `ext-…`).
 */
export const trainingRecipientsSchema = z.object({ personIds: z.array(z.string().min(1)).min(1).max(5000) });
