import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueues } from '@ctip/scheduling';
import { RegistrationsService } from './registrations.service';
import { seatOfferExpiryJob } from './seat-offer.jobs';

@Injectable()
export class SeatOfferProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueues,
    private readonly registrations: RegistrationsService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.process(seatOfferExpiryJob, ({ eventId, offerId }) => this.registrations.expireOffer(eventId, offerId), { concurrency: 5 });
  }
}
