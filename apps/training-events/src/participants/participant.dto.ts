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

/**
 * An email address as the validator and the OpenAPI document both state it: a pattern and a length, no
 * `format: email`, whose checkers disagree with each other and with any one regex (schemathesis's calls
 * invalid some addresses a regex accepts, e.g. a domain label over 63 characters). A local part of 1–64
 * characters, labels of 1–63 letters, digits and inner hyphens, at most 254 in all: within what the
 * notifications service's contact-point check takes, so an accepted address is also delivered to.
 */
export const emailAddressSchema = z
  .string()
  .max(254, 'must be at most 254 characters')
  .regex(
    /^[A-Za-z0-9_'+-](?:[A-Za-z0-9_'+.-]{0,62}[A-Za-z0-9_+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/,
    'must be an email address such as name@example.org',
  )
  .describe('An email address, e.g. name@example.org.');

/** An external participant: not in the directory; name, email and phone are personal data (sealed on the way out). */
export const externalParticipantSchema = z
  .object({
    displayName: text(200),
    organisation: text(300),
    role: text(200),
    language: languageSchema,
    timeZone: ianaTimeZoneSchema,
    email: emailAddressSchema.optional(),
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
