import { ConflictError } from '@ctip/errors';
import type { Nomination, NominationRequest } from '../events/training-event.schema';

const counts = (n: Nomination) => n.state !== 'rejected';

/** The country's quota for the event: the one set by the latest request of an institution of that country. */
export function countryLimit(requests: NominationRequest[], country: string | undefined): number | undefined {
  if (country === undefined) return undefined;
  const setting = requests
    .filter((r) => r.country === country && r.countryQuota !== undefined)
    .sort((a, b) => new Date(a.requestedAt).getTime() - new Date(b.requestedAt).getTime());
  return setting.at(-1)?.countryQuota;
}

/** What the institution may still nominate: the smaller of its own and its country's remaining quota. */
export function remaining(requests: NominationRequest[], nominations: Nomination[], request: NominationRequest): number {
  const own = request.quota - nominations.filter((n) => counts(n) && n.organisationId === request.organisationId).length;
  const limit = countryLimit(requests, request.country);
  const country = limit === undefined ? Infinity : limit - nominations.filter((n) => counts(n) && n.country === request.country).length;
  return Math.max(0, Math.min(own, country));
}

/**
 * Refuses a nomination beyond the institution's quota or its country's, naming the quota with its
 * limit and what is used (409). Pending and approved nominations count; rejected ones free their place.
 * Checked on the event document as it is written (revision-guarded), so concurrent nominations hold it.
 */
export function assertWithinQuota(requests: NominationRequest[], nominations: Nomination[], request: NominationRequest): void {
  const used = nominations.filter((n) => counts(n) && n.organisationId === request.organisationId).length;
  if (used >= request.quota)
    throw new ConflictError(`${request.organisationId} has nominated its quota of ${request.quota}`, {
      quota: 'organisation',
      limit: request.quota,
      used,
    });
  const limit = countryLimit(requests, request.country);
  if (limit === undefined) return;
  const usedInCountry = nominations.filter((n) => counts(n) && n.country === request.country).length;
  if (usedInCountry >= limit)
    throw new ConflictError(`${request.country} has used its country quota of ${limit}`, { quota: 'country', limit, used: usedInCountry });
}
