import { trimmedText } from '@ctip/http';
import { z } from 'zod';

const score = (what: string) => z.number().int().min(1).max(5).describe(`${what}, from 1 (poor) to 5 (excellent).`);

export const feedbackAnswerSchema = z
  .object({
    usefulness: score('How useful the event was for your work'),
    relevance: score('How relevant its content was'),
    organisation: score('How well it was organised'),
    comment: trimmedText({ min: 1, max: 2_000 }).optional().describe('Free text; reported without your name.'),
  })
  .strict();
export type FeedbackAnswer = z.output<typeof feedbackAnswerSchema>;

export const feedbackReceiptSchema = z.object({
  eventId: z.string(),
  answeredAt: z.string(),
});
export type FeedbackReceipt = z.output<typeof feedbackReceiptSchema>;
