import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';

/** A person outside the directory asked to be erased: the notifications service forgets their contact details. */
export const notificationContactPointErasedSchema = z.object({
  recipientId: z.string().regex(/^ext-[A-Za-z0-9-]+$/, 'must look like ext-<id>'),
  source: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
});
export type NotificationContactPointErased = z.infer<typeof notificationContactPointErasedSchema>;

export const notificationContactPointErased = defineEvent('notification.contact-point.erased.v1', notificationContactPointErasedSchema, {
  description: 'A person outside the directory was erased: their sealed contact details are to be forgotten.',
  keyField: 'recipientId',
});
