import {
  countryCodeSchema,
  directoryOrganisationChangedSchema,
  ORGANISATION_KINDS,
  PARTNER_TYPES,
  serviceSchema,
  timeZoneSchema,
} from '@ctip/contracts';
import { trimmedText } from '@ctip/http';
import { z } from 'zod';
import { pageOf, pageQuerySchema } from '@ctip/http';
import { directoryIdSchema, languagesSchema, revisionSchema, withoutRepeats } from '../common/directory-fields';

const organisationFields = z.object({
  kind: z.enum(ORGANISATION_KINDS),
  partnerType: z.enum(PARTNER_TYPES).optional().describe('Required for partners, absent otherwise.'),
  name: trimmedText({ min: 1, max: 200 }),
  country: countryCodeSchema.optional().describe('Where a field presence works or a partner is based; required for both.'),
  countriesCovered: withoutRepeats(countryCodeSchema).default([]).describe('The home country is always included.'),
  regions: withoutRepeats(trimmedText({ min: 1, max: 100 })).default([]),
  services: withoutRepeats(serviceSchema).default([]).describe('Services a partner offers to referred persons; partners only.'),
  languages: languagesSchema,
  timeZone: timeZoneSchema.describe('IANA time zone, e.g. Europe/Chisinau.').meta({ examples: ['Europe/Chisinau'] }),
  active: z.boolean().default(true),
  demo: z.boolean().default(false),
});

type OrganisationFields = z.output<typeof organisationFields>;

function organisationRules(organisation: OrganisationFields, ctx: z.RefinementCtx): void {
  const problem = (field: keyof OrganisationFields, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
  const partner = organisation.kind === 'partner';
  if (partner && organisation.partnerType === undefined) problem('partnerType', 'is required for partners');
  if (!partner && organisation.partnerType !== undefined) problem('partnerType', 'only partners have a partner type');
  if (!partner && organisation.services.length > 0) problem('services', 'only partners offer services');
  if (organisation.kind !== 'coordination-unit' && organisation.country === undefined) {
    problem('country', 'is required for field presences and partners');
  }
}

export const createOrganisationSchema = organisationFields.extend({ organisationId: directoryIdSchema }).superRefine(organisationRules);
export type CreateOrganisation = z.output<typeof createOrganisationSchema>;

export const updateOrganisationSchema = organisationFields
  .extend({
    organisationId: directoryIdSchema.optional().describe('If given, must be the id in the path.'),
    revision: revisionSchema.describe('The revision the change is based on (as read); a stale one answers 409.'),
  })
  .superRefine(organisationRules);
export type UpdateOrganisation = z.output<typeof updateOrganisationSchema>;

export const organisationListQuerySchema = pageQuerySchema.extend({
  kind: z.enum(ORGANISATION_KINDS).optional(),
  country: countryCodeSchema.optional(),
  service: serviceSchema.optional(),
  active: z
    .enum(['true', 'false'])
    .optional()
    .transform((flag) => (flag === undefined ? undefined : flag === 'true')),
});
export type OrganisationListQuery = z.output<typeof organisationListQuerySchema>;

export const organisationViewSchema = directoryOrganisationChangedSchema;
export type OrganisationView = z.output<typeof organisationViewSchema>;
export const organisationPageSchema = pageOf(organisationViewSchema);
