import { z } from 'zod';

export const FEEDBACK_QUESTIONS = ['usefulness', 'relevance', 'organisation'] as const;
export type FeedbackQuestion = (typeof FEEDBACK_QUESTIONS)[number];

export interface FeedbackAnswers {
  usefulness: number;
  relevance: number;
  organisation: number;
  comment?: string;
}

const scoreSummary = z.object({
  mean: z.number().nullable().describe('Mean of the answers on 1–5, two decimals; null with no answers.'),
  distribution: z
    .object({ '1': z.number().int(), '2': z.number().int(), '3': z.number().int(), '4': z.number().int(), '5': z.number().int() })
    .describe('How many answered each score.'),
});

/** Fewer answers than this and the report shows only how many answered: two answers' scores are each other's. */
export const FEEDBACK_MIN_RESPONSES = 3;

export const feedbackReportSchema = z.object({
  eventId: z.string(),
  responses: z.number().int(),
  withheld: z
    .boolean()
    .describe(
      `True while fewer than ${FEEDBACK_MIN_RESPONSES} have answered: no means, distributions or comments, so no answer can be traced to its author.`,
    ),
  /** Confirmed participants who were asked: the response rate's denominator. */
  participants: z.number().int(),
  usefulness: scoreSummary,
  relevance: scoreSummary,
  organisation: scoreSummary,
  comments: z.array(z.string()).describe('Free-text answers without their authors, in alphabetical order (not in the order given).'),
});
export type FeedbackReport = z.output<typeof feedbackReportSchema>;

/**
 * The survey's summary for one event, without names: counts, means and distributions per question and
 * the comments. Comments are sorted so that their order cannot be matched to the order people answered in;
 * below FEEDBACK_MIN_RESPONSES answers only their number is shown.
 */
export function summariseFeedback(eventId: string, answers: readonly FeedbackAnswers[], participants: number): FeedbackReport {
  const answersGiven = answers.length;
  const withheld = answersGiven < FEEDBACK_MIN_RESPONSES;
  if (withheld) answers = [];
  const summary = (question: FeedbackQuestion) => {
    const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    let total = 0;
    for (const answer of answers) {
      distribution[String(answer[question]) as keyof typeof distribution] += 1;
      total += answer[question];
    }
    return { mean: answers.length === 0 ? null : Math.round((total / answers.length) * 100) / 100, distribution };
  };
  const comments = answers
    .map((a) => a.comment)
    .filter((c): c is string => c !== undefined && c.length > 0)
    .sort((a, b) => a.localeCompare(b));
  return {
    eventId,
    responses: withheld ? answersGiven : answers.length,
    withheld,
    participants,
    usefulness: summary('usefulness'),
    relevance: summary('relevance'),
    organisation: summary('organisation'),
    comments,
  };
}
