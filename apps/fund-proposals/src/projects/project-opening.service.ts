import { Injectable } from '@nestjs/common';
import type { FundProposalDecided } from '@ctip/contracts';
import { ProposalRepository } from '../proposals/proposal.repository';
import { ProjectRepository } from './project.repository';
import { projectIdFor } from './project.schema';

/** Opens a project for every approved proposal, once: the project id derives from the proposal id. */
@Injectable()
export class ProjectOpeningService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly proposals: ProposalRepository,
  ) {}

  async open(decided: FundProposalDecided): Promise<'opened' | 'already-open' | 'not-approved'> {
    if (decided.decision !== 'approved') return 'not-approved';
    const proposal = await this.proposals.findById(decided.proposalId);
    const opened = await this.projects.insertOnce({
      _id: projectIdFor(decided.proposalId),
      proposalId: decided.proposalId,
      proposalRef: decided.proposalRef,
      title: decided.title,
      organisationId: decided.organisationId,
      countries: decided.countries,
      ...(proposal ? { submittedBy: proposal.createdBy } : {}),
      cycleId: decided.cycleId,
      lane: decided.lane,
      currency: decided.amountApproved.currency,
      approvedAmount: decided.amountApproved.amount,
      status: 'active',
      approvedAt: new Date(decided.decidedAt),
      tranches: [],
      reports: [],
      changeRequests: [],
      notes: [],
      outbox: [],
    });
    return opened ? 'opened' : 'already-open';
  }
}
