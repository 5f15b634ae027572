import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ConflictError, NotFoundError, UnprocessableError } from '@ctip/errors';
import { requireManaged } from '../events/event-access.policy';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { Nomination } from '../events/training-event.schema';
import { TrainingNotices } from '../events/training-notices';
import { ParticipantDirectory } from '../participants/participant-directory';
import { RegistrationSync } from '../participants/registration-sync';
import { RegistrationRepository } from '../participants/registration.repository';
import { registrationId } from '../participants/registration.schema';
import { assertScheduled } from '../participants/registrations.service';
import { SeatLedgerRules, standing } from '../participants/seat-ledger';

/**
 * The organiser approves or rejects a nomination. Approval takes a seat on the ledger (or a waitlist
 * place) in the same write as the nomination's state; the registration follows. Rejection frees the
 * nomination's place in both quotas.
 */
@Injectable()
export class NominationDecisionService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
    private readonly participants: ParticipantDirectory,
    private readonly notices: TrainingNotices,
    private readonly sync: RegistrationSync,
  ) {}

  async decide(eventId: string, nominationId: string, decision: 'approved' | 'rejected', principal: Principal): Promise<Nomination> {
    const event = requireManaged(await this.events.findById(eventId), eventId, principal, false);
    const nomination = event.nominations.find((n) => n.nominationId === nominationId);
    if (!nomination) throw new NotFoundError(`nomination ${nominationId} not found`);
    const profile = await this.participants.profile(nomination.participantId);
    if (!profile)
      throw new UnprocessableError('the nominee is unknown', [
        { field: 'participantId', reason: 'is neither in the directory nor registered as external participant' },
      ]);
    const now = new Date();
    await this.events.modify(eventId, (current) => {
      assertScheduled(current);
      const latest = current.nominations.find((n) => n.nominationId === nominationId)!;
      if (latest.state === decision) return { change: null, result: undefined };
      if (latest.state !== 'pending') throw new ConflictError(`the nomination is ${latest.state} already`, { state: latest.state });
      const decided: Nomination = { ...latest, state: decision, decidedBy: principal.subject, decidedAt: now };
      const nominations = current.nominations.map((n) => (n.nominationId === nominationId ? decided : n));
      if (decision === 'rejected' || standing(current.seats, latest.participantId) !== 'none')
        return { change: { set: { nominations } }, result: undefined };
      const { seats, outcome } = SeatLedgerRules.accept(current.seats, current.capacity, latest.participantId);
      const notice =
        outcome === 'confirmed'
          ? this.notices.confirmed(current, latest.participantId, now)
          : this.notices.waitlisted(current, latest.participantId, seats.waitlist.length, now);
      return { change: { set: { nominations, seats }, events: [notice] }, result: undefined };
    });
    const id = registrationId(eventId, nomination.participantId);
    await this.registrations.insertNew([
      {
        _id: id,
        eventId,
        participantId: nomination.participantId,
        external: profile.external,
        state: decision === 'approved' ? 'invited' : 'rejected',
        source: { kind: 'nomination', id: nominationId },
        participant: ParticipantDirectory.snapshot({ ...profile, country: profile.country ?? nomination.country }),
      },
    ]);
    if (decision === 'approved') await this.sync.follow(eventId, [nomination.participantId]);
    return (await this.events.findById(eventId))!.nominations.find((n) => n.nominationId === nominationId)!;
  }
}
