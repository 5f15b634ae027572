import {
  CONTACT_CHANNELS,
  contactPointSchema,
  directoryPersonChangedSchema,
  timeZoneSchema,
  trainingAudienceSchema,
} from '@ctip/contracts';
import { trimmedText } from '@ctip/http';
import { z } from 'zod';
import { pageOf, pageQuerySchema } from '@ctip/http';
import { directoryIdSchema, languagesSchema, revisionSchema, roleNameSchema, withoutRepeats } from '../common/directory-fields';
import { contactAddressProblem } from './contact-points';

const contactPointInputSchema = z
  .object({
    contactPointId: directoryIdSchema,
    channel: z.enum(CONTACT_CHANNELS),
    address: trimmedText({ min: 1, max: 500 }).describe('email: an address; sms: E.164 (+ and 7 to 15 digits); webhook: an https URL.'),
    priority: z.number().int().min(0).max(99).default(0).describe('Order in which channels are tried for urgent alerts (lower first).'),
  })
  .superRefine((point, ctx) => {
    const problem = contactAddressProblem(point.channel, point.address);
    if (problem) ctx.addIssue({ code: 'custom', path: ['address'], message: problem });
  });

const contactPointsSchema = z
  .array(contactPointInputSchema)
  .max(20)
  .default([])
  .superRefine((points, ctx) => {
    const seen = new Set<string>();
    points.forEach((point, index) => {
      if (seen.has(point.contactPointId)) ctx.addIssue({ code: 'custom', path: [index, 'contactPointId'], message: 'is used twice' });
      seen.add(point.contactPointId);
    });
  })
  .describe('`verified` is not taken from the body: a new or changed address is stored unverified until confirmed.');

const personFields = z.object({
  organisationId: directoryIdSchema.describe('The organisation the person works for; it must exist.'),
  displayName: trimmedText({ min: 1, max: 200 }),
  roles: withoutRepeats(roleNameSchema).default([]).describe('e.g. focal-point, head-of-mission, coordinator, psychologist, lawyer.'),
  audiences: withoutRepeats(trainingAudienceSchema)
    .optional()
    .describe('The professional groups the person belongs to (training invitations select by them), e.g. ngo-representatives.'),
  languages: languagesSchema,
  timeZone: timeZoneSchema.describe('IANA time zone, e.g. Asia/Ashgabat.').meta({ examples: ['Asia/Ashgabat'] }),
  contactPoints: contactPointsSchema,
  active: z.boolean().default(true),
  demo: z.boolean().default(false),
});

export const createPersonSchema = personFields.extend({ personId: directoryIdSchema });
export type CreatePerson = z.output<typeof createPersonSchema>;

export const updatePersonSchema = personFields.extend({
  personId: directoryIdSchema.optional().describe('If given, must be the id in the path.'),
  revision: revisionSchema.describe('The revision the change is based on (as read); a stale one answers 409.'),
});
export type UpdatePerson = z.output<typeof updatePersonSchema>;

export const verificationSchema = z
  .object({ revision: revisionSchema.optional().describe('If given, the confirmation only applies to that revision of the person.') })
  .optional()
  .transform((body) => body ?? {});
export type Verification = z.output<typeof verificationSchema>;

export const personListQuerySchema = pageQuerySchema.extend({
  organisationId: directoryIdSchema.optional(),
  role: roleNameSchema.optional(),
});
export type PersonListQuery = z.output<typeof personListQuerySchema>;

/** As in the event, except that addresses are left out for readers who may not see them. */
export const personViewSchema = directoryPersonChangedSchema.extend({
  contactPoints: z.array(contactPointSchema.extend({ address: contactPointSchema.shape.address.optional() })),
});
export type PersonView = z.output<typeof personViewSchema>;
export const personPageSchema = pageOf(personViewSchema);
