import type { ProposalDocument } from './proposal.schema';

/** The public facts every fund proposal event carries. */
export function proposalFacts(proposal: Pick<ProposalDocument, '_id' | 'proposalRef' | 'organisationId' | 'content'>) {
  return {
    proposalId: proposal._id,
    proposalRef: proposal.proposalRef,
    title: proposal.content.title,
    organisationId: proposal.organisationId,
    countries: proposal.content.countries,
  };
}
