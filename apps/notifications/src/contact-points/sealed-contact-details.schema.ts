import { timeZoneSchema } from '@ctip/contracts';
import { z } from 'zod';

/**
 * What `notification.contact-point.sealed.v1` carries sealed (`ContactSeal`, bound to the recipient id):
 * the details of a person outside the directory that this service needs to reach them. Other fields the
 * producer seals (organisation, role) are dropped here.
 */
export const sealedContactDetailsSchema = z.object({
  displayName: z.string().min(1).max(200),
  language: z.string().min(2).max(35),
  timeZone: timeZoneSchema,
  email: z.string().min(1).max(254).optional(),
  phone: z.string().min(1).max(32).optional(),
});
export type SealedContactDetails = z.infer<typeof sealedContactDetailsSchema>;
