import { Inject, Injectable } from '@nestjs/common';
import type { FundProposalDecided } from '@ctip/contracts';
import { NotFoundError } from '@ctip/errors';
import type { Page } from '@ctip/persistence';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { FundDirectory } from '../directory-view/fund-directory';
import { ProposalRepository } from '../proposals/proposal.repository';
import { toCsv } from './csv-export';
import type { PublicProjectExportQuery, PublicProjectListQuery, PublicProjectView } from './public-project.dto';
import { PublicProjectRepository } from './public-project.repository';
import type { PublicProjectDocument } from './public-project.schema';
import { publicStatistics, type PublicStatistics } from './public-statistics';

const CSV_HEADER = [
  'reference',
  'title',
  'countries',
  'implementing_partners',
  'activity_types',
  'amount',
  'currency',
  'period_start',
  'period_end',
  'status',
  'approved_on',
  'demo',
] as const;

/** The Fund's public list of supported projects (seed 003: "A complete list of projects supported through the Fund is available"). */
@Injectable()
export class PublicProjectsService {
  constructor(
    private readonly projects: PublicProjectRepository,
    private readonly proposals: ProposalRepository,
    private readonly directory: FundDirectory,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  /**
   * Adds an approved proposal to the public list, from the service's own decision event. Only public
   * facts are copied; writing it again (a redelivered event) leaves the same record, keeping a status a
   * later stage of the project has set.
   */
  async recordDecision(decided: FundProposalDecided): Promise<void> {
    if (decided.decision !== 'approved') return;
    const proposal = await this.proposals.findById(decided.proposalId);
    if (!proposal) throw new NotFoundError(`proposal ${decided.proposalId} not found`);
    const { content } = proposal;
    const partnerIds = content.implementingPartnerIds ?? [];
    const names = await this.names(partnerIds);
    const existing = await this.projects.findById(proposal._id);
    const approvedOn = localDate(new Date(decided.decidedAt), this.config.FUND_TIME_ZONE);
    await this.projects.put({
      _id: proposal._id,
      reference: decided.proposalRef,
      title: content.title ?? decided.title,
      countries: content.countries?.length ? content.countries : decided.countries,
      implementingPartners: partnerIds.map((organisationId) => ({ organisationId, name: names.get(organisationId) ?? organisationId })),
      activityTypes: content.activityTypes ?? [],
      amount: decided.amountApproved,
      periodStart: content.plannedStart,
      periodEnd: content.plannedEnd,
      status: existing?.status ?? 'approved',
      approvedOn,
      year: Number(approvedOn.slice(0, 4)),
      demo: false,
    });
  }

  async list(query: PublicProjectListQuery): Promise<Page<PublicProjectView>> {
    const { limit, cursor, ...filter } = query;
    const page = await this.projects.page({ limit, cursor }, filter);
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  async statistics(): Promise<PublicStatistics> {
    return publicStatistics(await this.projects.all(), this.config.FUND_CURRENCY);
  }

  async csv(filter: PublicProjectExportQuery): Promise<string> {
    const views = await this.views(await this.projects.all(filter));
    return toCsv(
      CSV_HEADER,
      views.map((p) => [
        p.reference,
        p.title,
        p.countries.join(';'),
        p.implementingPartners.join('; '),
        p.activityTypes.join(';'),
        (p.amount.amount / 100).toFixed(2),
        p.amount.currency,
        p.period.start,
        p.period.end,
        p.status,
        p.approvedOn,
        p.demo,
      ]),
    );
  }

  /** Current names from the fund's directory read model; an unknown or inactive organisation is left out. */
  private async names(ids: string[]): Promise<Map<string, string>> {
    const organisations = await this.directory.organisations(ids);
    return new Map([...organisations].map(([id, organisation]) => [id, organisation.name]));
  }

  /** Public views, with each partner's current directory name where the read model has one. */
  private async views(docs: PublicProjectDocument[]): Promise<PublicProjectView[]> {
    const names = await this.names(docs.flatMap((d) => d.implementingPartners.map((p) => p.organisationId)));
    return docs.map((d) => ({
      reference: d.reference,
      title: d.title,
      countries: d.countries,
      implementingPartners: d.implementingPartners.map((p) => names.get(p.organisationId) ?? p.name),
      activityTypes: d.activityTypes,
      amount: { amount: d.amount.amount, currency: d.amount.currency },
      period: { start: d.periodStart, end: d.periodEnd },
      status: d.status,
      approvedOn: d.approvedOn,
      year: d.year,
      demo: d.demo,
    }));
  }
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
