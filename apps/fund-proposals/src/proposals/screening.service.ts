import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { TOPICS } from '@ctip/contracts';
import { NotFoundError } from '@ctip/errors';
import { Outbox } from '@ctip/outbox';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { FundDirectory } from '../directory-view/fund-directory';
import type { ScreeningRequest } from './proposal.dto';
import { proposalFacts } from './proposal-facts';
import { assertMove } from './proposal-status';
import { ProposalRepository } from './proposal.repository';
import type { ProposalDocument, ScreeningState } from './proposal.schema';
import { screenProposal } from './screening-checklist';

/** Screens a submitted proposal against the eligibility checklist: `eligible`, or `ineligible` with reasons. */
@Injectable()
export class ScreeningService {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly directory: FundDirectory,
    private readonly outbox: Outbox,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  async screen(id: string, input: ScreeningRequest, principal: Principal): Promise<ProposalDocument> {
    const current = await this.proposals.findById(id);
    if (!current) throw new NotFoundError(`proposal ${id} not found`);
    assertMove(current.status, 'eligible', 'screen');
    const organisations = await this.directory.organisations([current.organisationId, ...current.content.implementingPartnerIds]);
    const now = new Date();
    await this.proposals.modify(id, (latest) => {
      assertMove(latest.status, 'eligible', 'screen');
      const { budget, activityTypes } = latest.content;
      const result = screenProposal({
        organisationKinds: [...organisations.values()].map((o) => o.kind),
        antiTraffickingPurpose: input.antiTraffickingPurpose,
        activityTypes,
        amountRequested: budget.amountRequested,
        currency: budget.currency,
        fundCurrency: this.config.FUND_CURRENCY,
        projectLimit: this.config.FUND_PROJECT_LIMIT_MINOR,
      });
      const screening: ScreeningState = {
        version: latest.submittedVersion,
        checks: result.checks,
        outcome: result.outcome,
        reasons: result.reasons,
        ...(input.note ? { note: input.note } : {}),
        screenedBy: principal.subject,
        screenedAt: now,
      };
      const event = this.outbox.entry(TOPICS.fundProposalScreened, {
        ...proposalFacts(latest),
        version: latest.submittedVersion,
        outcome: result.outcome,
        failedChecks: result.failedChecks,
        screenedAt: now.toISOString(),
      });
      return { change: { set: { status: result.outcome, screening }, events: [event] }, result: undefined };
    });
    return (await this.proposals.findById(id))!;
  }
}
