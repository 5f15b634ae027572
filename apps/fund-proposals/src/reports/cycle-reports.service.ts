import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@ctip/errors';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { EnvelopeLedger, type LedgerBalance } from '../cycles/envelope-ledger';
import { ProposalRepository } from '../proposals/proposal.repository';
import { CycleReportCalculator, type CycleReport, type ReportedProposal } from './cycle-report';

const DAY_MS = 86_400_000;

/** Reads what a cycle's report needs and hands it to the calculator. */
@Injectable()
export class CycleReportsService {
  private readonly calculator: CycleReportCalculator;

  constructor(
    private readonly proposals: ProposalRepository,
    private readonly ledger: EnvelopeLedger,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {
    this.calculator = new CycleReportCalculator(config.FUND_TIME_ZONE);
  }

  async report(cycleId: string, now = new Date()): Promise<CycleReport> {
    const [proposals, balance] = await Promise.all([this.proposalsOf(cycleId), this.balanceOf(cycleId)]);
    return this.calculator.report({ cycleId, currency: this.config.FUND_CURRENCY, proposals, balance, now });
  }

  /**
   * Proposals decided in the cycle, or submitted or urgently requested around its quarter (a day's
   * margin each side for the time zone; the calculator places them exactly). A scan on the test
   * database: a report is an occasional read, not a hot path.
   */
  private proposalsOf(cycleId: string): Promise<ReportedProposal[]> {
    const [year, quarter] = [Number(cycleId.slice(0, 4)), Number(cycleId.slice(6))];
    const from = new Date(Date.UTC(year, (quarter - 1) * 3, 1) - DAY_MS);
    const to = new Date(Date.UTC(year, quarter * 3, 1) + DAY_MS);
    return this.proposals.model
      .find(
        {
          $or: [
            { 'decision.cycleId': cycleId },
            { submittedAt: { $gte: from, $lt: to } },
            { 'urgent.requestedAt': { $gte: from, $lt: to } },
          ],
        },
        { status: 1, submittedAt: 1, cycleId: 1, decision: 1, urgent: 1 },
      )
      .lean<ReportedProposal[]>()
      .exec();
  }

  private async balanceOf(cycleId: string): Promise<LedgerBalance | null> {
    try {
      return await this.ledger.balance(cycleId);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }
}
