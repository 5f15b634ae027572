import { Injectable } from '@nestjs/common';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { RegistrationRepository } from './registration.repository';
import { registrationId, type RegistrationState } from './registration.schema';
import { SeatOfferScheduler } from './seat-offer.scheduler';
import { standing, waitlistPosition } from './seat-ledger';

/**
 * Brings registrations in line with the seat ledger after a decision was written on the event, and makes
 * sure every open offer has its deadline job. Idempotent: a retried request (after a crash between the
 * ledger write and this) repairs what was left behind; a sync of an older ledger never overwrites a newer.
 */
@Injectable()
export class RegistrationSync {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
    private readonly offers: SeatOfferScheduler,
  ) {}

  /** `left`: the state of those no longer in the ledger (declined, withdrawn), when this decision removed them. */
  async follow(
    eventId: string,
    participantIds: string[],
    left?: Extract<RegistrationState, 'declined' | 'withdrawn'>,
  ): Promise<TrainingEventDocument | null> {
    const event = await this.events.findById(eventId);
    if (!event) return null;
    const at = new Date();
    for (const participantId of new Set(participantIds)) {
      const id = registrationId(eventId, participantId);
      const where = standing(event.seats, participantId);
      if (where === 'confirmed')
        await this.registrations.follow(id, event.revision, { state: 'confirmed', respondedAt: at }, ['offer', 'waitlistPosition']);
      else if (where === 'waitlisted')
        await this.registrations.follow(id, event.revision, {
          state: 'waitlisted',
          waitlistedAt: at,
          waitlistPosition: waitlistPosition(event.seats, participantId),
        });
      else if (where === 'offered') {
        const offer = event.seats.offers.find((o) => o.participantId === participantId)!;
        await this.registrations.follow(
          id,
          event.revision,
          { state: 'offered', offer: { offerId: offer.offerId, confirmBy: offer.confirmBy } },
          ['waitlistPosition'],
        );
      } else if (left) await this.registrations.follow(id, event.revision, { state: left, respondedAt: at }, ['offer', 'waitlistPosition']);
    }
    if (event.state === 'scheduled') await this.offers.ensure(eventId, event.seats.offers);
    return event;
  }
}
