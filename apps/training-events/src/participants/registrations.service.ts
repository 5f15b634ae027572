import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { deterministicUuid } from '@ctip/persistence';
import { ConflictError, NotFoundError } from '@ctip/errors';
import { TRAINING_CONFIG, type TrainingEventsConfig } from '../config';
import { managesEvent } from '../events/event-access.policy';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { TrainingNotices } from '../events/training-notices';
import { ReminderPlanningService } from '../reminders/reminder-planning.service';
import { RegistrationSync } from './registration-sync';
import { RegistrationRepository } from './registration.repository';
import { registrationId, type RegistrationDocument } from './registration.schema';
import { SeatLedgerRules, standing, type OfferMaker } from './seat-ledger';

const LEFT = ['declined', 'withdrawn', 'rejected'] as const;

/** Throws 409 naming the state unless the event still takes registrations. */
export function assertScheduled(event: Pick<TrainingEventDocument, 'state'>): void {
  if (event.state !== 'scheduled') throw new ConflictError('the event is cancelled: it cannot be changed', { state: event.state });
}

/**
 * Registration: accept or decline an invitation (or an offered seat), withdraw, and the seat offers a
 * freed seat makes. Every seat decision is one revision-guarded write of the event's ledger with its
 * notices; the registration documents follow it (RegistrationSync).
 */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
    private readonly notices: TrainingNotices,
    private readonly sync: RegistrationSync,
    private readonly reminders: ReminderPlanningService,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingEventsConfig,
  ) {}

  /** Offer ids are derived from the ledger revision they are made on, so a retried decision makes the same one. */
  offerMaker(event: TrainingEventDocument, now: Date): OfferMaker {
    return {
      offerId: (participantId) => deterministicUuid('seat-offer', `${event._id}:${participantId}:${event.revision}`),
      confirmBy: new Date(now.getTime() + this.config.TRAINING_OFFER_CONFIRM_MS),
    };
  }

  /** Accepts the invitation or the offered seat: confirmed within capacity, else waitlisted (not an error). */
  async accept(eventId: string, participantId: string, principal: Principal): Promise<RegistrationDocument> {
    const registration = await this.requireActor(eventId, participantId, principal);
    if ((LEFT as readonly string[]).includes(registration.state))
      throw new ConflictError(`the registration is ${registration.state}: it cannot be accepted`, { state: registration.state });
    const now = new Date();
    await this.events.modify(eventId, (event) => {
      assertScheduled(event);
      const where = standing(event.seats, participantId);
      if (where === 'confirmed' || where === 'waitlisted') return { change: null, result: undefined };
      if (where === 'offered') {
        const seats = SeatLedgerRules.confirmOffer(event.seats, participantId);
        return { change: { set: { seats }, events: [this.notices.confirmed(event, participantId, now)] }, result: undefined };
      }
      if (event.registrationDeadline && now > new Date(event.registrationDeadline))
        throw new ConflictError('the registration deadline has passed', {
          registrationDeadline: new Date(event.registrationDeadline).toISOString(),
        });
      const { seats, outcome } = SeatLedgerRules.accept(event.seats, event.capacity, participantId);
      const notice =
        outcome === 'confirmed'
          ? this.notices.confirmed(event, participantId, now)
          : this.notices.waitlisted(event, participantId, seats.waitlist.length, now);
      return { change: { set: { seats }, events: [notice] }, result: undefined };
    });
    await this.sync.follow(eventId, [participantId]);
    return (await this.registrations.findById(registration._id))!;
  }

  /** Declines (an invitation or an offer) or withdraws: a held or offered seat goes to the next on the waitlist. */
  async leave(eventId: string, participantId: string, principal: Principal, how: 'declined' | 'withdrawn'): Promise<RegistrationDocument> {
    const registration = await this.requireActor(eventId, participantId, principal);
    if ((LEFT as readonly string[]).includes(registration.state)) {
      if (registration.state === 'rejected') throw new ConflictError('the nomination was rejected', { state: registration.state });
      return registration;
    }
    const offered = await this.release(eventId, participantId, new Date());
    await this.sync.follow(eventId, [participantId, ...offered], how);
    // After the write: a job this misses (a crash, a plan racing the withdrawal) finds the seat gone and sends nothing.
    await this.reminders.removeFor(eventId, participantId);
    return (await this.registrations.findById(registration._id))!;
  }

  /** The offer's deadline passed without a confirmation: the seat goes to the next one (a BullMQ job calls this). */
  async expireOffer(eventId: string, offerId: string): Promise<void> {
    const now = new Date();
    const holder = await this.events.modify(eventId, (event) => {
      const offer = event.seats.offers.find((o) => o.offerId === offerId);
      if (!offer || event.state !== 'scheduled' || new Date(offer.confirmBy) > now) return { change: null, result: undefined };
      const decision = SeatLedgerRules.release(event.seats, event.capacity, offer.participantId, this.offerMaker(event, now));
      const events = decision.offered.map((o) => this.notices.offered(event, o, now));
      return {
        change: { set: { seats: decision.seats }, events },
        result: { participantId: offer.participantId, offered: decision.offered },
      };
    });
    if (holder) await this.sync.follow(eventId, [holder.participantId, ...holder.offered.map((o) => o.participantId)], 'declined');
  }

  /** Removes the participant from the ledger and offers the freed seats; returns who got an offer. */
  private async release(eventId: string, participantId: string, now: Date): Promise<string[]> {
    const offered = await this.events.modify(eventId, (event) => {
      assertScheduled(event);
      if (standing(event.seats, participantId) === 'none') return { change: null, result: [] as string[] };
      const decision = SeatLedgerRules.release(event.seats, event.capacity, participantId, this.offerMaker(event, now));
      const events = decision.offered.map((o) => this.notices.offered(event, o, now));
      return { change: { set: { seats: decision.seats }, events }, result: decision.offered.map((o) => o.participantId) };
    });
    return offered ?? [];
  }

  /** The participant themself or one who manages the event; anyone else learns nothing (404). */
  private async requireActor(eventId: string, participantId: string, principal: Principal): Promise<RegistrationDocument> {
    const [event, registration] = await Promise.all([
      this.events.findById(eventId),
      this.registrations.findById(registrationId(eventId, participantId)),
    ]);
    const allowed = event && (principal.subject === participantId || managesEvent(principal, event));
    if (!event || !registration || !allowed) throw new NotFoundError(`no registration of ${participantId} for event ${eventId}`);
    assertScheduled(event);
    return registration;
  }
}
