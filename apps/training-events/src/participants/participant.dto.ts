import { countryCodeSchema, languageSchema, trainingAudienceSchema } from '@ctip/contracts';
import { trimmedText } from '@ctip/http';
import { z } from 'zod';
import { ianaTimeZoneSchema, personIdSchema } from '../events/event.dto';

const text = (max: number) => trimmedText({ min: 1, max, message: 'must not be empty' });
const unique = <T>(list: T[]) => new Set(list).size === list.length;
const organisationIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'must be a directory organisation id');

/** Who is invited: directory people matching every criterion given, plus individuals by id. */
export const invitationSchema = z
  .object({
    audiences: z.array(trainingAudienceSchema).min(1).refine(unique, 'lists an audience twice').optional(),
    roles: z
      .array(z.string().regex(/^[a-z][a-z0-9-]{0,49}$/, 'must be a directory role'))
      .min(1)
      .max(20)
      .optional(),
    organisationIds: z.array(organisationIdSchema).min(1).max(200).optional(),
    countries: z.array(countryCodeSchema).min(1).max(60).optional(),
    personIds: z.array(personIdSchema).min(1).max(5000).refine(unique, 'lists a person twice').optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'name at least one of audiences, roles, organisationIds, countries, personIds',
  });
export type InvitationRequest = z.output<typeof invitationSchema>;

export const invitationResultSchema = z.object({
  invitationId: z.string(),
  invited: z.number().int().describe('People invited by this request (one notice per 5,000).'),
  alreadyRegistered: z.number().int().describe('Matching people who were invited or registered before.'),
});

/** An external participant: not in the directory; name, email and phone are personal data (sealed on the way out). */
export const externalParticipantSchema = z
  .object({
    displayName: text(200),
    organisation: text(300),
    role: text(200),
    language: languageSchema,
    timeZone: ianaTimeZoneSchema,
    email: z.email('must be an email address').max(254).optional(),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +99312345678')
      .optional(),
    country: countryCodeSchema.optional(),
    audiences: z.array(trainingAudienceSchema).refine(unique, 'lists an audience twice').default([]),
  })
  .strict();
export type ExternalParticipantInput = z.output<typeof externalParticipantSchema>;

export const externalParticipantViewSchema = z.object({
  participantId: z.string().describe('ext-<uuid>: notices name the person by it alone.'),
  eventId: z.string(),
  registrationId: z.string(),
  organisation: z.string(),
  role: z.string(),
  language: z.string(),
  timeZone: z.string(),
  country: z.string().optional(),
  audiences: z.array(z.string()),
  erased: z.boolean(),
});
export const externalIdParamSchema = z.string().regex(/^ext-[0-9a-f-]{36}$/, 'must be an external participant id (ext-<uuid>)');
