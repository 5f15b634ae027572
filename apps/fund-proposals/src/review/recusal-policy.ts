/** Why a reviewer may not score a proposal. */
export const RECUSAL_REASONS = ['submitting-organisation', 'implementing-partner', 'declared-conflict'] as const;
export type RecusalReason = (typeof RECUSAL_REASONS)[number];

export interface RecusalDecision {
  reason: RecusalReason;
  /** The organisation the reviewer shares with the proposal (automatic recusals only). */
  organisationId?: string;
}

/** What the policy needs of a proposal: who submits it and who implements it. */
export interface ProposalParties {
  organisationId: string;
  implementingPartnerIds: readonly string[];
}

/**
 * Conflict of interest: a reviewer who belongs to the submitting organisation or to one of the
 * implementing partners is recused at assignment, whatever they declare; one who declares a conflict is
 * recused by the declaration. A recusal is never lifted.
 */
export class RecusalPolicy {
  atAssignment(reviewerOrganisationId: string, proposal: ProposalParties): RecusalDecision | undefined {
    if (reviewerOrganisationId === proposal.organisationId)
      return { reason: 'submitting-organisation', organisationId: reviewerOrganisationId };
    if (proposal.implementingPartnerIds.includes(reviewerOrganisationId))
      return { reason: 'implementing-partner', organisationId: reviewerOrganisationId };
    return undefined;
  }

  onDeclaration(hasConflict: boolean): RecusalDecision | undefined {
    return hasConflict ? { reason: 'declared-conflict' } : undefined;
  }
}
