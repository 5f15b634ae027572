import type { Nomination, NominationRequest } from '../events/training-event.schema';
import { assertWithinQuota, countryLimit, remaining } from './nomination-quota';

const request = (organisationId: string, quota: number, countryQuota?: number, at = '2010-09-01T00:00:00Z'): NominationRequest => ({
  nominationRequestId: `r-${organisationId}`,
  organisationId,
  country: 'TM',
  quota,
  ...(countryQuota !== undefined ? { countryQuota } : {}),
  requestedAt: new Date(at),
});
const nomination = (organisationId: string, state: Nomination['state'] = 'pending'): Nomination => ({
  nominationId: `n-${Math.random()}`,
  participantId: `p-${Math.random()}`,
  organisationId,
  country: 'TM',
  state,
  nominatedBy: 'fp',
  nominatedAt: new Date(),
});

describe('nomination quotas', () => {
  it('refuses beyond the institution’s quota naming it, rejected nominations not counting', () => {
    const requests = [request('moj', 2)];
    expect(() => assertWithinQuota(requests, [nomination('moj'), nomination('moj', 'rejected')], requests[0])).not.toThrow();
    expect(() => assertWithinQuota(requests, [nomination('moj'), nomination('moj', 'approved')], requests[0])).toThrow(
      expect.objectContaining({ current: { quota: 'organisation', limit: 2, used: 2 } }),
    );
  });

  it('refuses beyond the country’s quota shared by its institutions', () => {
    const requests = [request('moj', 5), request('pgo', 5, 3, '2010-09-02T00:00:00Z')];
    const taken = [nomination('moj'), nomination('moj'), nomination('pgo')];
    expect(() => assertWithinQuota(requests, taken, requests[0])).toThrow(
      expect.objectContaining({ current: { quota: 'country', limit: 3, used: 3 } }),
    );
    expect(remaining(requests, taken.slice(0, 2), requests[1])).toBe(1);
  });

  it('takes the country quota set last', () => {
    expect(
      countryLimit([request('a', 1, 4, '2010-01-01T00:00:00Z'), request('b', 1, 2, '2010-01-02T00:00:00Z'), request('c', 1)], 'TM'),
    ).toBe(2);
    expect(countryLimit([request('a', 1)], 'TM')).toBeUndefined();
  });
});
