import type { ProposalDocument } from '../proposals/proposal.schema';
import type { UrgentView } from './urgent.dto';

/** The fast-track state for officers and the applicant: never the justification's text beyond the service's own API. */
export function urgentView(proposal: ProposalDocument): UrgentView {
  const urgent = proposal.urgent!;
  const proposed = urgent.decisions[0];
  const { decision } = proposal;
  return {
    proposalId: proposal._id,
    status: proposal.status,
    decideBy: new Date(urgent.decideBy).toISOString(),
    ...(urgent.caseRef ? { caseRef: urgent.caseRef } : {}),
    ...(proposed
      ? { proposed: { by: proposed.by, decision: proposed.decision, amount: proposed.amount, at: new Date(proposed.at).toISOString() } }
      : {}),
    ...(decision
      ? {
          decision: {
            decision: decision.decision,
            cycleId: decision.cycleId,
            amountApproved: decision.amountApproved,
            confirmedBy: decision.confirmedBy,
            decidedAt: new Date(decision.decidedAt).toISOString(),
          },
        }
      : {}),
  };
}
