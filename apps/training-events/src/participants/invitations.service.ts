import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { UnprocessableError } from '@ctip/errors';
import { scopedIdempotencyKey } from '@ctip/http';
import { deterministicUuid } from '@ctip/persistence';
import { TrainingDirectoryRepository, type DirectoryPerson } from '../directory-view/training-directory.repository';
import { requireManaged } from '../events/event-access.policy';
import { TrainingEventRepository } from '../events/training-event.repository';
import { TrainingNotices } from '../events/training-notices';
import { assertScheduled } from './registrations.service';
import { ParticipantDirectory } from './participant-directory';
import type { InvitationRequest } from './participant.dto';
import { RegistrationRepository, type NewRegistration } from './registration.repository';
import { registrationId } from './registration.schema';

export interface InvitationResult {
  invitationId: string;
  invited: number;
  alreadyRegistered: number;
}

/**
 * Invites directory people by audience, role, organisation and country (all given must hold), and
 * individuals by id. One batch per request (Idempotency-Key): registrations `invited` for those not
 * registered yet, then one `training.invitation.sent.v1` per 5,000 of them, written with the batch id on
 * the event, so a retry finds the batch and sends nothing twice.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
    private readonly directory: TrainingDirectoryRepository,
    private readonly notices: TrainingNotices,
  ) {}

  async invite(
    eventId: string,
    request: InvitationRequest,
    principal: Principal,
    key: string | undefined,
  ): Promise<{ result: InvitationResult; created: boolean }> {
    const event = requireManaged(await this.events.findById(eventId), eventId, principal, false);
    assertScheduled(event);
    const invitationId = deterministicUuid('training-invitation', `${eventId}/${scopedIdempotencyKey(principal.subject, key)}`);
    const people = await this.select(request);
    const ids = people.map((p) => registrationId(eventId, p._id));
    if (event.invitationIds.includes(invitationId)) {
      const mine = (await this.registrations.findManyByIds(ids)).filter((r) => r.source.id === invitationId).length;
      return { result: { invitationId, invited: mine, alreadyRegistered: people.length - mine }, created: false };
    }
    const organisations = new Map(
      (await this.directory.findOrganisations([...new Set(people.map((p) => p.organisationId))])).map((o) => [o._id, o]),
    );
    const fresh: NewRegistration[] = people.map((person) => ({
      _id: registrationId(eventId, person._id),
      eventId,
      participantId: person._id,
      external: false,
      state: 'invited',
      source: { kind: 'invitation', id: invitationId },
      participant: ParticipantDirectory.snapshot({
        participantId: person._id,
        external: false,
        language: person.languages[0],
        timeZone: person.timeZone,
        organisationId: person.organisationId,
        country: organisations.get(person.organisationId)?.country,
        audiences: person.audiences,
      }),
    }));
    await this.registrations.insertNew(fresh);
    // Ours are those registered under this batch, including any a crashed earlier attempt wrote.
    const invited = (await this.registrations.findManyByIds(ids)).filter((r) => r.source.id === invitationId).map((r) => r.participantId);
    const now = new Date();
    await this.events.modify(eventId, (current) => {
      if (current.invitationIds.includes(invitationId)) return { change: null, result: undefined };
      assertScheduled(current);
      const events = invited.length > 0 ? this.notices.invitation(current, invitationId, invited.sort(), now) : [];
      return { change: { set: { invitationIds: [...current.invitationIds, invitationId] }, events }, result: undefined };
    });
    return { result: { invitationId, invited: invited.length, alreadyRegistered: people.length - invited.length }, created: true };
  }

  /** The active directory people the request names; an unknown individual is a 422 naming them. */
  private async select(request: InvitationRequest): Promise<DirectoryPerson[]> {
    const chosen = new Map<string, DirectoryPerson>();
    const { audiences, roles, organisationIds, countries, personIds } = request;
    if (audiences || roles || organisationIds || countries) {
      let inOrganisations = organisationIds;
      if (countries) {
        const inCountries = (await this.directory.findOrganisationsIn(countries)).map((o) => o._id);
        inOrganisations = organisationIds ? organisationIds.filter((id) => inCountries.includes(id)) : inCountries;
      }
      if (!inOrganisations || inOrganisations.length > 0) {
        for (const person of await this.directory.findPeopleMatching({ audiences, roles, organisationIds: inOrganisations }))
          chosen.set(person._id, person);
      }
    }
    if (personIds) {
      const found = new Map((await this.directory.findPeople(personIds)).filter((p) => p.active).map((p) => [p._id, p]));
      const problems = personIds.flatMap((id, i) =>
        found.has(id) ? [] : [{ field: `personIds.${i}`, reason: 'is not an active person of the directory' }],
      );
      if (problems.length > 0) throw new UnprocessableError('the invitation names people the directory does not know', problems);
      for (const person of found.values()) chosen.set(person._id, person);
    }
    return [...chosen.values()].sort((a, b) => a._id.localeCompare(b._id));
  }
}
