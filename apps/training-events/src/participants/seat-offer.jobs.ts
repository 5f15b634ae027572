import { defineJob, jobId } from '@ctip/scheduling';
import { z } from 'zod';

/** Queue name is part of the deployment: renaming it strands pending offer deadlines (a migration). */
export const seatOfferExpiryJob = defineJob(
  'training-seat-offers',
  'expire',
  z.object({ eventId: z.string().min(1), offerId: z.string().min(1) }),
);

/** One job per offer: a retried request or a second instance schedules nothing new. */
export const seatOfferJobId = (offerId: string) => jobId('offer', offerId);
