import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';

/**
 * The route for contact points of people outside the directory (an external participant of a training):
 * name, language, time zone, email and phone are sealed (AES-256-GCM, `libs/contact-seal`) with a key only
 * the producing service and the notifications service hold, so no Kafka message carries them readable.
 * Notices then name the person by `recipientId` alone.
 */
export const notificationContactPointSealedSchema = z.object({
  recipientId: z.string().regex(/^ext-[A-Za-z0-9-]+$/, 'must look like ext-<id>'),
  /** Which service registered the person (and answers for its erasure). */
  source: z.string().min(1),
  /** Grows with every change of the person's details; older ones are ignored. */
  revision: z.number().int().min(1),
  /** base64url of iv ‖ ciphertext ‖ tag; the key id says which key sealed it. */
  sealed: z.string().min(1).max(20_000),
  keyId: z.string().min(1).max(100),
  at: z.iso.datetime({ offset: true }),
});
export type NotificationContactPointSealed = z.infer<typeof notificationContactPointSealedSchema>;

export const notificationContactPointSealed = defineEvent('notification.contact-point.sealed.v1', notificationContactPointSealedSchema, {
  description: 'Sealed contact details of a person outside the directory (an external participant), for the notifications service only.',
  keyField: 'recipientId',
});
