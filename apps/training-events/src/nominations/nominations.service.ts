import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ConflictError, NotFoundError, UnprocessableError } from '@ctip/errors';
import { scopedIdempotencyKey } from '@ctip/http';
import { deterministicUuid } from '@ctip/persistence';
import { TrainingDirectoryRepository } from '../directory-view/training-directory.repository';
import { managesEvent, requireManaged } from '../events/event-access.policy';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { Nomination, NominationRequest, TrainingEventDocument } from '../events/training-event.schema';
import { TrainingNotices } from '../events/training-notices';
import { externalIdFor, ExternalParticipantsService } from '../participants/external-participants.service';
import { RegistrationRepository } from '../participants/registration.repository';
import { registrationId } from '../participants/registration.schema';
import { assertScheduled } from '../participants/registrations.service';
import type { NominationInput, NominationRequestInput } from './nomination.dto';
import { assertWithinQuota } from './nomination-quota';

/** The roles of an institution's people who receive a nomination request. */
export const FOCAL_POINT_ROLES = ['focal-point'];

/**
 * Nominations: the organiser asks institutions to nominate, with a quota per institution and per country;
 * the institution's people nominate directory people or external participants. Each nomination is
 * checked against both quotas on the event document as written, so concurrent nominations hold them.
 */
@Injectable()
export class NominationsService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly registrations: RegistrationRepository,
    private readonly directory: TrainingDirectoryRepository,
    private readonly externals: ExternalParticipantsService,
    private readonly notices: TrainingNotices,
  ) {}

  async request(eventId: string, input: NominationRequestInput, principal: Principal, key: string | undefined) {
    requireManaged(await this.events.findById(eventId), eventId, principal, false);
    const organisation = await this.directory.findOrganisation(input.organisationId);
    if (!organisation?.active)
      throw new UnprocessableError('unknown institution', [
        { field: 'organisationId', reason: 'is not an active organisation of the directory' },
      ]);
    if (input.countryQuota !== undefined && !organisation.country)
      throw new UnprocessableError('no country', [{ field: 'countryQuota', reason: 'the institution has no country in the directory' }]);
    const focalPoints = (await this.directory.findPeopleOf(input.organisationId, FOCAL_POINT_ROLES)).map((p) => p._id);
    if (focalPoints.length === 0)
      throw new UnprocessableError('nobody to ask', [
        { field: 'organisationId', reason: 'the institution has no active focal point in the directory' },
      ]);
    const nominationRequestId = deterministicUuid('nomination-request', `${eventId}/${scopedIdempotencyKey(principal.subject, key)}`);
    const now = new Date();
    const request: NominationRequest = {
      nominationRequestId,
      organisationId: input.organisationId,
      ...(organisation.country ? { country: organisation.country } : {}),
      quota: input.quota,
      ...(input.countryQuota !== undefined ? { countryQuota: input.countryQuota } : {}),
      ...(input.nominateBy ? { nominateBy: new Date(input.nominateBy) } : {}),
      requestedAt: now,
    };
    const created = await this.events.modify(eventId, (event) => {
      if (event.nominationRequests.some((r) => r.nominationRequestId === nominationRequestId)) return { change: null, result: false };
      assertScheduled(event);
      const earlier = event.nominationRequests.find((r) => r.organisationId === input.organisationId);
      if (earlier)
        throw new ConflictError(`${input.organisationId} was asked to nominate already`, {
          organisationId: earlier.organisationId,
          quota: earlier.quota,
        });
      const requests = [...event.nominationRequests, request];
      const country = request.countryQuota ?? Infinity;
      const notice = this.notices.nominationRequested(event, { ...request, quota: Math.min(request.quota, country) }, focalPoints, now);
      return { change: { set: { nominationRequests: requests }, events: notice }, result: true };
    });
    const event = (await this.events.findById(eventId))!;
    return {
      event,
      request: event.nominationRequests.find((r) => r.nominationRequestId === nominationRequestId)!,
      created: created === true,
    };
  }

  /** A person of the asked institution (token `org`) nominates; beyond a quota is a 409 naming it. */
  async nominate(eventId: string, input: NominationInput, principal: Principal, key: string | undefined) {
    const event = await this.events.findById(eventId);
    const request = event?.nominationRequests.find((r) => r.organisationId === principal.organisationId);
    if (!event || !request) throw new NotFoundError(`event ${eventId} not found, or your organisation was not asked to nominate`);
    assertScheduled(event);
    if (request.nominateBy && new Date() > new Date(request.nominateBy))
      throw new ConflictError('the time to nominate has passed', { nominateBy: new Date(request.nominateBy).toISOString() });
    const scoped = scopedIdempotencyKey(principal.subject, key);
    const nominationId = deterministicUuid('nomination', `${eventId}/${scoped}`);
    const participantId = 'personId' in input ? input.personId : externalIdFor(eventId, scoped);
    if ('personId' in input) {
      const person = await this.directory.findPerson(input.personId);
      if (!person?.active)
        throw new UnprocessableError('unknown person', [{ field: 'personId', reason: 'is not an active person of the directory' }]);
    }
    if (await this.registrations.findById(registrationId(eventId, participantId)))
      throw new ConflictError('the person is invited or registered already', { participantId });
    const now = new Date();
    const nomination: Nomination = {
      nominationId,
      participantId,
      organisationId: request.organisationId,
      ...(request.country ? { country: request.country } : {}),
      state: 'pending',
      nominatedBy: principal.subject,
      nominatedAt: now,
    };
    const created = await this.events.modify(eventId, (current) => {
      if (current.nominations.some((n) => n.nominationId === nominationId)) return { change: null, result: false };
      assertScheduled(current);
      if (current.nominations.some((n) => n.participantId === participantId && n.state !== 'rejected'))
        throw new ConflictError('the person is nominated already', { participantId });
      const latest = current.nominationRequests.find((r) => r.organisationId === request.organisationId)!;
      assertWithinQuota(current.nominationRequests, current.nominations, latest);
      return { change: { set: { nominations: [...current.nominations, nomination] } }, result: true };
    });
    // The external nominee's record (and sealed contact point) once the place is held: a retry with the same key completes it.
    if ('external' in input)
      await this.externals.record(event, participantId, input.external, principal.subject, request.organisationId, []);
    const stored = (await this.events.findById(eventId))!.nominations.find((n) => n.nominationId === nominationId)!;
    return { nomination: stored, created: created === true };
  }

  /** The organisers see every request and nomination; an asked institution its own. */
  async list(
    eventId: string,
    principal: Principal,
  ): Promise<{ event: TrainingEventDocument; requests: NominationRequest[]; nominations: Nomination[] }> {
    const event = await this.events.findById(eventId);
    if (event && managesEvent(principal, event)) return { event, requests: event.nominationRequests, nominations: event.nominations };
    const own = event?.nominationRequests.filter((r) => r.organisationId === principal.organisationId) ?? [];
    if (!event || own.length === 0) throw new NotFoundError(`event ${eventId} not found, or your organisation was not asked to nominate`);
    return { event, requests: own, nominations: event.nominations.filter((n) => n.organisationId === principal.organisationId) };
  }
}
