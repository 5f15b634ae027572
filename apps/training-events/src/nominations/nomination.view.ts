import type { Nomination, NominationRequest, TrainingEventDocument } from '../events/training-event.schema';
import { remaining } from './nomination-quota';

const iso = (date: Date) => new Date(date).toISOString();

export function nominationView(n: Nomination) {
  return {
    nominationId: n.nominationId,
    participantId: n.participantId,
    organisationId: n.organisationId,
    ...(n.country ? { country: n.country } : {}),
    state: n.state,
    nominatedAt: iso(n.nominatedAt),
    ...(n.decidedAt ? { decidedAt: iso(n.decidedAt) } : {}),
  };
}

export function nominationRequestView(event: Pick<TrainingEventDocument, 'nominationRequests' | 'nominations'>, r: NominationRequest) {
  return {
    nominationRequestId: r.nominationRequestId,
    organisationId: r.organisationId,
    ...(r.country ? { country: r.country } : {}),
    quota: r.quota,
    ...(r.countryQuota !== undefined ? { countryQuota: r.countryQuota } : {}),
    remaining: remaining(event.nominationRequests, event.nominations, r),
    ...(r.nominateBy ? { nominateBy: iso(r.nominateBy) } : {}),
    requestedAt: iso(r.requestedAt),
  };
}
