import { z } from 'zod';

const inboxItemSchema = z.object({
  _id: z.string(),
  personId: z.string(),
  category: z.string(),
  urgency: z.string(),
  sourceType: z.string(),
  aggregateKey: z.string(),
  subject: z.string(),
  body: z.string(),
  link: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  readAt: z.iso.datetime({ offset: true }).nullable(),
});

export const inboxPageSchema = z.object({ items: z.array(inboxItemSchema), nextCursor: z.string().nullable() });
export const inboxItemIdSchema = z.string().min(1).max(200);
