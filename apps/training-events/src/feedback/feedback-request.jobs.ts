import { defineJob, jobId } from '@ctip/scheduling';
import { z } from 'zod';

/** Queue name is part of the deployment: renaming it strands pending requests (a migration). */
export const feedbackRequestJob = defineJob(
  'training-feedback-requests',
  'request-feedback',
  z.object({ eventId: z.string().min(1), version: z.number().int().min(1) }),
);

/** One job per event version: its end moves only with a new version, whose job has another id. */
export const feedbackRequestJobId = (eventId: string, version: number) => jobId('feedback-request', eventId, `v${version}`);
