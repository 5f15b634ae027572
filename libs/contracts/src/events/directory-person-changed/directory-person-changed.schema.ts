import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { CONTACT_CHANNELS, languageSchema, timeZoneSchema } from '../common.schema';
import { trainingAudienceSchema } from '../training.schema';

/** A way to reach a staff member; only verified contact points receive alerts. */
export const contactPointSchema = z.object({
  contactPointId: z.string().min(1),
  channel: z.enum(CONTACT_CHANNELS),
  /** An email address, an E.164 phone number, or an https URL for webhooks. */
  address: z.string().min(1).max(500),
  verified: z.boolean(),
  /** Order in which channels are tried for urgent alerts (lower first). */
  priority: z.number().int().min(0),
});

/**
 * The current state of a professional in the directory (focal point, coordinator, partner staff).
 * These are staff contact details, never data of a person concerned by a case.
 */
export const directoryPersonChangedSchema = z.object({
  personId: z.string().min(1),
  organisationId: z.string().min(1),
  displayName: z.string().min(1).max(200),
  roles: z.array(z.string().min(1)),
  /** The professional groups the person belongs to, for training invitations by audience (absent: none). */
  audiences: z.array(trainingAudienceSchema).optional(),
  languages: z.array(languageSchema).min(1),
  timeZone: timeZoneSchema,
  contactPoints: z.array(contactPointSchema),
  active: z.boolean(),
  revision: z.number().int().min(1),
  demo: z.boolean(),
});
export type DirectoryPersonChanged = z.infer<typeof directoryPersonChangedSchema>;
export type ContactPoint = z.infer<typeof contactPointSchema>;

export const directoryPersonChanged = defineEvent('directory.person.changed.v1', directoryPersonChangedSchema, {
  description: 'A staff member of an organisation was created or changed (roles, languages, contact points); full current state.',
  keyField: 'personId',
});
