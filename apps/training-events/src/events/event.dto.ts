import { countryCodeSchema, languageSchema, localizedTextSchema, trainingAudienceSchema, trainingEventKindSchema } from '@ctip/contracts';
import { pageQuerySchema, trimmedText } from '@ctip/http';
import { z } from 'zod';
import { DEFAULT_ATTENDANCE_THRESHOLD } from '../reminders/event-settings';
import { DEFAULT_REMINDER_RULES, reminderRuleSchema, type ReminderRule } from '../reminders/reminder-rule';
import { eventTimeProblems } from './event-rules';

const text = (max: number) => trimmedText({ min: 1, max, message: 'must not be empty' });
const zoned = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with its offset, e.g. 2010-10-02T09:00:00+05:00' });
const unique = <T>(list: T[]) => new Set(list).size === list.length;

/** Every IANA zone this runtime knows: listed in the document, so an unknown one is a 400 naming the field. */
export const TIME_ZONES = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])] as [string, ...string[]];
export const ianaTimeZoneSchema = z.enum(TIME_ZONES, { error: 'must be an IANA time zone such as Asia/Ashgabat' });

export const personIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be a directory person id')
  .describe('A directory person id.');
export const eventIdParamSchema = z.uuid('must be an event id (uuid)');
/** A directory person id or `ext-<uuid>` for an external participant. */
export const participantIdParamSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be a participant id (a directory person id or ext-<uuid>)');

const venueSchema = z
  .object({ name: text(200).optional(), city: text(200), country: countryCodeSchema, timeZone: ianaTimeZoneSchema })
  .strict();

const sessionSchema = z
  .object({
    sessionId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes')
      .optional()
      .describe('Kept across edits (attendance is recorded per session); given when left out.'),
    startsAt: zoned,
    endsAt: zoned,
    title: localizedTextSchema,
    room: text(200).optional(),
    trainerIds: z.array(personIdSchema).max(50).refine(unique, 'lists a trainer twice').default([]),
    speakers: z.array(text(200)).max(50).optional(),
    workingGroup: text(200).optional(),
  })
  .strict();

const materialSchema = z
  .object({
    title: text(300),
    url: z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000),
  })
  .strict();

/** 09:00 and 09:00:00 are the same moment, so the same rule. */
const ruleKey = (rule: ReminderRule) => `${rule.daysBefore}@${rule.at.length === 5 ? `${rule.at}:00` : rule.at}`;

const remindersSchema = z
  .array(reminderRuleSchema)
  .max(10, 'at most 10 reminders')
  .refine((rules) => unique(rules.map(ruleKey)), 'lists a reminder twice (same days before and time)')
  .default(() => DEFAULT_REMINDER_RULES.map((rule) => ({ ...rule })))
  .describe('When each confirmed participant is reminded, on their own clock; default 7 and 1 days before at 09:00. [] sends none.');

const eventFields = z.object({
  kind: trainingEventKindSchema,
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  venue: venueSchema.optional().describe('Where it takes place; left out for an online event.'),
  online: z.boolean().default(false),
  timeZone: ianaTimeZoneSchema.optional().describe('The organiser’s time zone, for an online event only.'),
  startsAt: zoned,
  endsAt: zoned,
  workingLanguages: z.array(languageSchema).min(1, 'name at least one working language').max(10).refine(unique, 'lists a language twice'),
  interpretation: z
    .array(z.object({ from: languageSchema, to: languageSchema }).strict())
    .max(10)
    .default([])
    .describe('Interpretation offered, e.g. [{ "from": "en", "to": "ru" }].'),
  sessions: z.array(sessionSchema).max(100).default([]),
  materials: z.array(materialSchema).max(100).default([]),
  audiences: z.array(trainingAudienceSchema).refine(unique, 'lists an audience twice').default([]),
  capacity: z.number().int().min(1).max(100_000),
  registrationDeadline: zoned.optional(),
  cascadeFromEventId: z.uuid('must be an event id (uuid)').optional().describe('The training-of-trainers this event cascades from.'),
  reminders: remindersSchema,
  attendanceThreshold: z
    .number()
    .min(0)
    .max(1)
    .default(DEFAULT_ATTENDANCE_THRESHOLD)
    .describe('The share of kept sessions a participant must attend for a certificate (0–1, default 0.75).'),
});

/** Adds the rules between fields as 400s naming each field (not `custom` issues, which the pipe answers 422). */
function withTimeRules<S extends z.ZodObject>(schema: S) {
  return schema.superRefine((value, ctx) => {
    for (const problem of eventTimeProblems(value as never)) {
      ctx.addIssue({
        code: 'invalid_value',
        values: [],
        message: problem.reason,
        path: problem.field.split('.').map(segment),
        input: undefined,
      });
    }
  });
}
const segment = (part: string) => (/^\d+$/.test(part) ? Number(part) : part);

export const eventContentSchema = withTimeRules(eventFields.strict());
export type EventContentInput = z.output<typeof eventContentSchema>;

export const updateEventSchema = withTimeRules(
  eventFields.extend({ revision: z.number().int().min(1).describe('The revision you read: a stale one answers 409.') }).strict(),
);
export type UpdateEventInput = z.output<typeof updateEventSchema>;

export const eventListQuerySchema = pageQuerySchema
  .extend({
    state: z.enum(['scheduled', 'cancelled']).optional(),
    kind: trainingEventKindSchema.optional(),
  })
  .strict();
export type EventListQuery = z.output<typeof eventListQuerySchema>;
