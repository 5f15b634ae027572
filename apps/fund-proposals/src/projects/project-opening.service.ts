import { Injectable } from '@nestjs/common';
import type { FundProposalDecided } from '@ctip/contracts';
import type { Approval } from '../proposals/approval';
import { approvalOf } from '../proposals/approval';
import { ProposalRepository } from '../proposals/proposal.repository';
import { PublicProjectsService } from '../public/public-projects.service';
import { ProjectRepository } from './project.repository';
import { projectIdFor, type ProjectDocument } from './project.schema';

/**
 * Opens a project and its public-list entry for every approved proposal, once: the project id derives
 * from the proposal id, and a project or entry already there is kept. The quarterly confirmation opens
 * a batch of approvals with their decisions; a fast-track approval is opened from its decision event.
 */
@Injectable()
export class ProjectOpeningService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly proposals: ProposalRepository,
    private readonly publicList: PublicProjectsService,
  ) {}

  /** Opens the projects of a batch of approvals (two inserts per 100, whatever their number); returns how many are new. */
  async openAll(approvals: Approval[]): Promise<number> {
    if (approvals.length === 0) return 0;
    const now = new Date();
    const opened = await this.projects.insertAllIfAbsent(
      approvals.map((approval): ProjectDocument => ({
        _id: projectIdFor(approval.proposalId),
        proposalId: approval.proposalId,
        proposalRef: approval.proposalRef,
        title: approval.title,
        organisationId: approval.organisationId,
        countries: approval.countries,
        ...(approval.submittedBy ? { submittedBy: approval.submittedBy } : {}),
        cycleId: approval.cycleId,
        lane: approval.lane,
        currency: approval.amountApproved.currency,
        approvedAmount: approval.amountApproved.amount,
        status: 'active',
        approvedAt: approval.decidedAt,
        tranches: [],
        reports: [],
        changeRequests: [],
        notes: [],
        outbox: [],
        version: 0,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await this.publicList.recordApprovals(approvals);
    return opened;
  }

  /**
   * Opens the project a fast-track decision event approves. Quarterly approvals were opened with their
   * decisions by the slate's confirmation, a batch at a time, before their events were sent.
   */
  async open(decided: FundProposalDecided): Promise<'opened' | 'already-open' | 'not-approved' | 'opened-with-the-slate'> {
    if (decided.decision !== 'approved') return 'not-approved';
    if (decided.lane === 'quarterly') return 'opened-with-the-slate';
    const proposal = await this.proposals.findById(decided.proposalId);
    return (await this.openAll([approvalOf(decided, proposal)])) === 1 ? 'opened' : 'already-open';
  }
}
