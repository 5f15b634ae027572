import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ContactSeal } from '@ctip/contact-seal';
import { TOPICS } from '@ctip/contracts';
import { NotFoundError } from '@ctip/errors';
import { scopedIdempotencyKey } from '@ctip/http';
import { Outbox, type OutboxEntry } from '@ctip/outbox';
import { deterministicUuid } from '@ctip/persistence';
import { managesEvent, requireManaged } from '../events/event-access.policy';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { TrainingNotices } from '../events/training-notices';
import { ExternalParticipantRepository } from './external-participant.repository';
import type { ExternalParticipantDocument } from './external-participant.schema';
import type { ExternalParticipantInput } from './participant.dto';
import { RegistrationRepository } from './registration.repository';
import { registrationId } from './registration.schema';
import { assertScheduled } from './registrations.service';

export const CONTACT_POINT_SOURCE = 'training-events';

/** What a participant id names, for the id made from a request's Idempotency-Key. */
export const externalIdFor = (eventId: string, scopedKey: string): string =>
  `ext-${deterministicUuid('external-participant', `${eventId}/${scopedKey}`)}`;

/**
 * External participants: people outside the directory, registered by the organiser (invited) or by a
 * nominating institution (on approval). Their name, language, time zone, email and phone reach the
 * notifications service only sealed, published from the record's outbox before the invitation naming
 * them (same outbox, stored order); erasure removes name, email and phone and keeps the statistics.
 */
@Injectable()
export class ExternalParticipantsService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly externals: ExternalParticipantRepository,
    private readonly registrations: RegistrationRepository,
    private readonly notices: TrainingNotices,
    private readonly outbox: Outbox,
    private readonly seal: ContactSeal,
  ) {}

  /** The organiser registers (and invites) an external participant. */
  async register(eventId: string, input: ExternalParticipantInput, principal: Principal, key: string | undefined) {
    const event = requireManaged(await this.events.findById(eventId), eventId, principal, false);
    assertScheduled(event);
    const participantId = externalIdFor(eventId, scopedIdempotencyKey(principal.subject, key));
    const invitationId = deterministicUuid('training-invitation', participantId);
    const created = await this.record(event, participantId, input, principal.subject, undefined, [
      ...this.notices.invitation(event, invitationId, [participantId], new Date()),
    ]);
    await this.registrations.insertNew([
      {
        _id: registrationId(eventId, participantId),
        eventId,
        participantId,
        external: true,
        state: 'invited',
        source: { kind: 'external', id: invitationId },
        participant: {
          language: input.language,
          timeZone: input.timeZone,
          ...(input.country ? { country: input.country } : {}),
          audiences: input.audiences,
        },
      },
    ]);
    return { participant: (await this.externals.findById(participantId))!, created };
  }

  /**
   * Stores the record with the sealed contact point first in its outbox, then `after` (notices naming the
   * person). False when it exists already (a retried request): nothing is sealed or sent again.
   */
  async record(
    event: TrainingEventDocument,
    participantId: string,
    input: ExternalParticipantInput,
    by: string,
    organisationId: string | undefined,
    after: OutboxEntry[],
  ): Promise<boolean> {
    if (await this.externals.findById(participantId)) return false;
    const now = new Date();
    const { displayName, language, timeZone, email, phone } = input;
    const sealed = this.seal.seal(participantId, {
      displayName,
      language,
      timeZone,
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
    });
    const contactPoint = this.outbox.entry(TOPICS.notificationContactPointSealed, {
      recipientId: participantId,
      source: CONTACT_POINT_SOURCE,
      revision: 1,
      sealed: sealed.sealed,
      keyId: sealed.keyId,
      at: now.toISOString(),
    });
    const document: Omit<ExternalParticipantDocument, 'createdAt' | 'updatedAt'> = {
      _id: participantId,
      eventId: event._id,
      displayName,
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
      organisation: input.organisation,
      ...(organisationId ? { organisationId } : {}),
      role: input.role,
      language,
      timeZone,
      ...(input.country ? { country: input.country } : {}),
      audiences: input.audiences,
      revision: 1,
      registeredBy: by,
      demo: event.demo,
      outbox: [contactPoint, ...after.map((entry) => ({ ...entry, createdAt: new Date(now.getTime() + 1) }))],
    };
    return this.externals.insert(document);
  }

  /** Removes name, email and phone (organisation, country, audience and attendance stay); repeating it changes nothing. */
  async erase(participantId: string, principal: Principal): Promise<void> {
    const record = await this.externals.findById(participantId);
    const event = record ? await this.events.findById(record.eventId) : null;
    if (!record || !event || !managesEvent(principal, event)) throw new NotFoundError(`external participant ${participantId} not found`);
    const now = new Date();
    const entry = this.outbox.entry(TOPICS.notificationContactPointErased, {
      recipientId: participantId,
      source: CONTACT_POINT_SOURCE,
      at: now.toISOString(),
    });
    await this.externals.erase(participantId, entry, now);
  }

  view(record: ExternalParticipantDocument) {
    return {
      participantId: record._id,
      eventId: record.eventId,
      registrationId: registrationId(record.eventId, record._id),
      organisation: record.organisation,
      role: record.role,
      language: record.language,
      timeZone: record.timeZone,
      ...(record.country ? { country: record.country } : {}),
      audiences: record.audiences,
      erased: record.erasedAt !== undefined,
    };
  }
}
