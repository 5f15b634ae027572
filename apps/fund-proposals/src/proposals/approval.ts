import type { FundProposalDecided } from '@ctip/contracts';
import type { ProposalDocument } from './proposal.schema';

/**
 * An approved proposal with what its project and its public-list entry are made of. The slate's
 * confirmation builds these from its lines (which froze the facts at the close) and opens a batch at a
 * time; a fast-track decision builds one from its event and the proposal.
 */
export interface Approval {
  proposalId: string;
  proposalRef: string;
  title: string;
  organisationId: string;
  countries: string[];
  implementingPartnerIds: string[];
  activityTypes: string[];
  plannedStart: string;
  plannedEnd: string;
  /** The applicant who created the proposal, when known. */
  submittedBy?: string;
  cycleId: string;
  lane: 'quarterly' | 'urgent';
  amountApproved: { amount: number; currency: string };
  decidedAt: Date;
}

/** The approval a decision event announces, completed from the proposal (its content as submitted). */
export function approvalOf(decided: FundProposalDecided, proposal: ProposalDocument | null): Approval {
  const content = proposal?.content;
  return {
    proposalId: decided.proposalId,
    proposalRef: decided.proposalRef,
    title: content?.title ?? decided.title,
    organisationId: decided.organisationId,
    countries: content?.countries?.length ? content.countries : decided.countries,
    implementingPartnerIds: content?.implementingPartnerIds ?? [],
    activityTypes: content?.activityTypes ?? [],
    plannedStart: content?.plannedStart ?? '',
    plannedEnd: content?.plannedEnd ?? '',
    ...(proposal ? { submittedBy: proposal.createdBy } : {}),
    cycleId: decided.cycleId,
    lane: decided.lane,
    amountApproved: decided.amountApproved,
    decidedAt: new Date(decided.decidedAt),
  };
}
