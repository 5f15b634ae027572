import { Injectable } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import type { SeatOffer } from '../events/training-event.schema';
import { seatOfferExpiryJob, seatOfferJobId } from './seat-offer.jobs';

/** A delayed BullMQ job per seat offer, due at its confirm-by time; adding one twice is a no-op. */
@Injectable()
export class SeatOfferScheduler {
  constructor(private readonly jobs: JobQueues) {}

  async ensure(eventId: string, offers: SeatOffer[], now = Date.now()): Promise<void> {
    for (const offer of offers) {
      await this.jobs.add(
        seatOfferExpiryJob,
        { eventId, offerId: offer.offerId },
        { jobId: seatOfferJobId(offer.offerId), delay: Math.max(0, new Date(offer.confirmBy).getTime() - now) },
      );
    }
  }

  async cancel(offerId: string): Promise<void> {
    await this.jobs.remove(seatOfferExpiryJob, seatOfferJobId(offerId));
  }
}
