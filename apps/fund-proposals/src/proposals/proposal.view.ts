import type { ProposalDocument } from './proposal.schema';

/**
 * What ODIHR (officers, committee, head of unit, coordinators) reads: the whole proposal but its outbox
 * and storage counters.
 */
export function odihrView(proposal: ProposalDocument) {
  const { _id: _storedId, outbox: _outbox, version: _version, ...rest } = proposal;
  return { proposalId: proposal._id, ...rest };
}

/**
 * What the applicant reads: their content, the state, the consultation without internal comments, the
 * screening's outcome and reasons, the decision. Never review data, reviewers, scores, the urgent
 * request's handling or the officers' screening notes.
 */
export function applicantView(proposal: ProposalDocument) {
  const { consultation, screening, urgent, decision } = proposal;
  return {
    proposalId: proposal._id,
    proposalRef: proposal.proposalRef,
    organisationId: proposal.organisationId,
    createdBy: proposal.createdBy,
    status: proposal.status,
    content: proposal.content,
    revision: proposal.revision,
    submittedVersion: proposal.submittedVersion,
    ...(proposal.submittedAt ? { submittedAt: proposal.submittedAt } : {}),
    ...(proposal.cycleId ? { cycleId: proposal.cycleId } : {}),
    consultation: {
      comments: consultation.comments
        .filter((c) => !c.internal)
        .map(({ commentId, section, text, at }) => ({ commentId, section, text, at })),
      rounds: consultation.rounds.map(({ version, requestedAt, points, respondedAt, durationMs }) => ({
        version,
        requestedAt,
        points,
        respondedAt,
        durationMs,
      })),
      totalMs: consultation.totalMs,
    },
    ...(screening ? { screening: { outcome: screening.outcome, reasons: screening.reasons, screenedAt: screening.screenedAt } } : {}),
    ...(urgent ? { urgent: { requestedAt: urgent.requestedAt, decideBy: urgent.decideBy } } : {}),
    ...(decision
      ? {
          decision: {
            decision: decision.decision,
            amountApproved: decision.amountApproved,
            cycleId: decision.cycleId,
            decidedAt: decision.decidedAt,
          },
        }
      : {}),
    createdAt: proposal.createdAt,
    updatedAt: proposal.updatedAt,
  };
}

/** A list row, the same for every audience (public facts of the proposal). */
export function proposalSummary(proposal: ProposalDocument) {
  return {
    proposalId: proposal._id,
    proposalRef: proposal.proposalRef,
    organisationId: proposal.organisationId,
    title: proposal.content.title,
    countries: proposal.content.countries,
    status: proposal.status,
    amountRequested: { amount: proposal.content.budget.amountRequested, currency: proposal.content.budget.currency },
    submittedVersion: proposal.submittedVersion,
    ...(proposal.submittedAt ? { submittedAt: proposal.submittedAt } : {}),
    createdAt: proposal.createdAt,
  };
}
