import { Injectable } from '@nestjs/common';
import { TOPICS } from '@ctip/contracts';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { recipientBatches } from '../participants/recipients';
import { registrationId } from '../participants/registration.schema';
import type { EventChange } from './event-changes';
import { eventFacts } from './event-facts';
import type { SeatOffer, TrainingEventDocument } from './training-event.schema';

const iso = (date: Date) => new Date(date).toISOString();

/**
 * The outbox entries of the training notices, each with the event's facts and its recipients by id only
 * (directory person ids or `ext-…`): stored with the change that causes them, in the same write.
 */
@Injectable()
export class TrainingNotices {
  constructor(private readonly outbox: Outbox) {}

  invitation(event: TrainingEventDocument, invitationId: string, personIds: string[], at: Date): OutboxEntry[] {
    return recipientBatches(personIds).map((batch) =>
      this.outbox.entry(TOPICS.trainingInvitationSent, {
        ...eventFacts(event),
        ...(event.registrationDeadline ? { registrationDeadline: iso(event.registrationDeadline) } : {}),
        invitationId,
        recipients: { personIds: batch },
        at: iso(at),
      }),
    );
  }

  confirmed(event: TrainingEventDocument, participantId: string, at: Date): OutboxEntry {
    return this.outbox.entry(TOPICS.trainingRegistrationConfirmed, {
      ...eventFacts(event),
      registrationId: registrationId(event._id, participantId),
      recipients: { personIds: [participantId] },
      at: iso(at),
    });
  }

  waitlisted(event: TrainingEventDocument, participantId: string, position: number, at: Date): OutboxEntry {
    return this.outbox.entry(TOPICS.trainingRegistrationWaitlisted, {
      ...eventFacts(event),
      registrationId: registrationId(event._id, participantId),
      position,
      recipients: { personIds: [participantId] },
      at: iso(at),
    });
  }

  offered(event: TrainingEventDocument, offer: SeatOffer, at: Date): OutboxEntry {
    return this.outbox.entry(TOPICS.trainingSeatOffered, {
      ...eventFacts(event),
      registrationId: registrationId(event._id, offer.participantId),
      offerId: offer.offerId,
      confirmBy: iso(offer.confirmBy),
      recipients: { personIds: [offer.participantId] },
      at: iso(at),
    });
  }

  /** `changed` is the event after the change (its new version); `previous` the times before, when they moved. */
  changed(
    changed: TrainingEventDocument,
    changes: EventChange[],
    before: Pick<TrainingEventDocument, 'startsAt' | 'endsAt'>,
    personIds: string[],
    at: Date,
  ): OutboxEntry[] {
    const previous = changes.includes('time') ? { previous: { startsAt: iso(before.startsAt), endsAt: iso(before.endsAt) } } : {};
    return recipientBatches(personIds).map((batch) =>
      this.outbox.entry(TOPICS.trainingEventChanged, {
        ...eventFacts(changed),
        changes,
        ...previous,
        recipients: { personIds: batch },
        at: iso(at),
      }),
    );
  }

  cancelled(event: TrainingEventDocument, urgent: boolean, personIds: string[], at: Date): OutboxEntry[] {
    return recipientBatches(personIds).map((batch) =>
      this.outbox.entry(TOPICS.trainingEventCancelled, { ...eventFacts(event), urgent, recipients: { personIds: batch }, at: iso(at) }),
    );
  }

  nominationRequested(
    event: TrainingEventDocument,
    request: { nominationRequestId: string; organisationId: string; quota: number; nominateBy?: Date },
    personIds: string[],
    at: Date,
  ): OutboxEntry[] {
    return recipientBatches(personIds).map((batch) =>
      this.outbox.entry(TOPICS.trainingNominationRequested, {
        ...eventFacts(event),
        nominationRequestId: request.nominationRequestId,
        nominatingOrganisationId: request.organisationId,
        quota: request.quota,
        ...(request.nominateBy ? { nominateBy: iso(request.nominateBy) } : {}),
        recipients: { personIds: batch },
        at: iso(at),
      }),
    );
  }
}
