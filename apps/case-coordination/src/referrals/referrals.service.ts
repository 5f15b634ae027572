import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { TOPICS, type Topic } from '@ctip/contracts';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '@ctip/errors';
import { scopedIdempotencyKey } from '@ctip/http';
import { Outbox } from '@ctip/outbox';
import type { PageRequest } from '@ctip/persistence';
import { CaseAccess } from '../cases/case-access.policy';
import { referralIdFor } from '../cases/case-id';
import { CaseRepository } from '../cases/case.repository';
import type { CaseDocument, ReferralState, ReferralStatus } from '../cases/case.schema';
import { DirectoryViewRepository } from '../directory-view/directory-view.repository';

type Transition = 'accepted' | 'declined' | 'completed';
const ALLOWED_FROM: Record<Transition, ReferralStatus[]> = { accepted: ['made'], declined: ['made'], completed: ['accepted'] };
const TOPIC_OF: Record<Transition, Topic> = {
  accepted: TOPICS.caseReferralAccepted,
  declined: TOPICS.caseReferralDeclined,
  completed: TOPICS.caseReferralCompleted,
};

/** Referrals of a case to partner organisations for a service; every step is an event and a timeline entry. */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly directory: DirectoryViewRepository,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Refers the case; `created` is false when a retry with the same Idempotency-Key (scoped by the caller)
   * finds the referral the first request made.
   */
  async refer(
    caseId: string,
    request: { organisationId: string; service: ReferralState['service'] },
    principal: Principal,
    idempotencyKey?: string,
  ): Promise<{ referral: ReferralState; created: boolean }> {
    const subject = await this.cases.findById(caseId);
    if (!subject || !CaseAccess.canView(principal, subject)) throw new NotFoundError(`case ${caseId} not found`);
    const referralId = referralIdFor(caseId, scopedIdempotencyKey(principal.subject, idempotencyKey));
    const made = subject.referrals.find((r) => r.referralId === referralId);
    if (made) return { referral: made, created: false };
    const partner = await this.directory.findOrganisation(request.organisationId);
    if (!partner || partner.kind !== 'partner' || !partner.active) {
      throw new UnprocessableError('unknown partner', [
        { field: 'organisationId', reason: `${request.organisationId} is not an active partner in the directory` },
      ]);
    }
    if (!partner.services.includes(request.service)) {
      throw new UnprocessableError('service not offered', [
        { field: 'service', reason: `${request.organisationId} does not offer ${request.service}` },
      ]);
    }
    if (!subject.consent.shareWithPartners) {
      throw new UnprocessableError('no consent to share the case with partners', [
        { field: 'caseId', reason: 'the person’s consent does not allow sharing this case with partners' },
      ]);
    }
    const result = await this.cases.modify(caseId, (current) => {
      const raced = current.referrals.find((r) => r.referralId === referralId);
      if (raced) return { change: null, result: { referral: raced, created: false } };
      const now = new Date();
      const referral: ReferralState = {
        referralId,
        organisationId: request.organisationId,
        service: request.service,
        status: 'made',
        referredBy: principal.subject,
        referredAt: now,
        updatedAt: now,
      };
      return {
        result: { referral, created: true },
        change: {
          set: { referrals: [...current.referrals, referral] },
          timeline: [
            {
              id: randomUUID(),
              at: now,
              type: 'referral.made',
              actor: principal.subject,
              details: { referralId: referral.referralId, organisationId: referral.organisationId, service: referral.service },
            },
          ],
          events: [
            this.outbox.entry(TOPICS.caseReferralMade, {
              referralId: referral.referralId,
              caseId,
              caseRef: current.caseRef,
              organisationId: referral.organisationId,
              service: referral.service,
              urgency: current.urgency,
              referredBy: principal.subject,
              at: now.toISOString(),
            }),
          ],
        },
      };
    });
    return result!;
  }

  /** Idempotent: repeating the step the referral is already in returns it unchanged. */
  async transition(referralId: string, to: Transition, principal: Principal, reason?: string): Promise<ReferralState> {
    const subject = await this.cases.findByReferral(referralId);
    const found = subject?.referrals.find((r) => r.referralId === referralId);
    if (!subject || !found) throw new NotFoundError(`referral ${referralId} not found`);
    if (!CaseAccess.canActOnReferral(principal, found)) {
      throw new ForbiddenError('only the organisation the referral was made to can answer it');
    }
    const result = await this.cases.modify(subject._id, (current) => {
      const referral = current.referrals.find((r) => r.referralId === referralId)!;
      if (referral.status === to) return { change: null, result: referral };
      if (!ALLOWED_FROM[to].includes(referral.status)) {
        throw new ConflictError(`a ${referral.status} referral cannot become ${to}`, { status: referral.status });
      }
      const now = new Date();
      const next: ReferralState = { ...referral, status: to, updatedAt: now, ...(reason ? { declineReason: reason } : {}) };
      return {
        result: next,
        change: {
          set: { referrals: current.referrals.map((r) => (r.referralId === referralId ? next : r)) },
          timeline: [
            {
              id: randomUUID(),
              at: now,
              type: `referral.${to}`,
              actor: principal.subject,
              details: { referralId, organisationId: next.organisationId, ...(reason ? { reason } : {}) },
            },
          ],
          events: [
            this.outbox.entry(TOPIC_OF[to] as typeof TOPICS.caseReferralAccepted, this.payload(current, next, principal, now, reason)),
          ],
        },
      };
    });
    return result!;
  }

  /** Paged by case, newest first: a page holds every referral to the caller of the cases it covers. */
  async forPartner(principal: Principal, page: PageRequest) {
    if (!principal.roles.includes('partner') || !principal.organisationId) {
      throw new ForbiddenError('only partner organisations have referrals');
    }
    const cases = await this.cases.list({ referredTo: principal.organisationId }, page);
    const items = cases.items.flatMap((c) =>
      c.referrals
        .filter((r) => r.organisationId === principal.organisationId)
        .map((r) => ({ ...r, caseId: c._id, caseRef: c.caseRef, urgency: c.urgency, countries: c.countries, riskFlags: c.riskFlags })),
    );
    return { items, nextCursor: cases.nextCursor };
  }

  private payload(current: CaseDocument, referral: ReferralState, principal: Principal, now: Date, reason?: string) {
    return {
      referralId: referral.referralId,
      caseId: current._id,
      caseRef: current.caseRef,
      organisationId: referral.organisationId,
      service: referral.service,
      by: principal.subject,
      ...(reason ? { reason: reason as 'other' } : {}),
      at: now.toISOString(),
    };
  }
}
