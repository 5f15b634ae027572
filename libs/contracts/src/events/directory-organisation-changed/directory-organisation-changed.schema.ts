import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { countryCodeSchema, languageSchema, ORGANISATION_KINDS, PARTNER_TYPES, serviceSchema, timeZoneSchema } from '../common.schema';

/** The current state of an organisation of the directory (a full snapshot, so consumers can upsert). */
export const directoryOrganisationChangedSchema = z.object({
  organisationId: z.string().min(1),
  kind: z.enum(ORGANISATION_KINDS),
  partnerType: z.enum(PARTNER_TYPES).optional(),
  name: z.string().min(1).max(200),
  /** Where a field presence works, or where a partner is based. */
  country: countryCodeSchema.optional(),
  /** Countries (and for partners, the countries they serve) this organisation covers. */
  countriesCovered: z.array(countryCodeSchema),
  regions: z.array(z.string().min(1).max(100)),
  services: z.array(serviceSchema),
  languages: z.array(languageSchema).min(1),
  timeZone: timeZoneSchema,
  active: z.boolean(),
  /** Increases with every change; consumers ignore a snapshot older than the one they hold. */
  revision: z.number().int().min(1),
  demo: z.boolean(),
});
export type DirectoryOrganisationChanged = z.infer<typeof directoryOrganisationChangedSchema>;

export const directoryOrganisationChanged = defineEvent('directory.organisation.changed.v1', directoryOrganisationChangedSchema, {
  description: 'An organisation (field presence, coordination unit, partner) was created or changed; carries its full current state.',
  keyField: 'organisationId',
});
