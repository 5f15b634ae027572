import { dateTimeFormat } from '@ctip/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { Page } from '@ctip/persistence';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { FundDirectory } from '../directory-view/fund-directory';
import type { Approval } from '../proposals/approval';
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
    private readonly directory: FundDirectory,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  /**
   * Adds approved proposals to the public list, a batch in one insert: only public facts are copied. An entry
   * already there (a redelivered decision, a resumed confirmation) is kept as it is, with any status a later
   * stage of the project has set.
   */
  async recordApprovals(approvals: Approval[]): Promise<void> {
    if (approvals.length === 0) return;
    const names = await this.names(approvals.flatMap((a) => a.implementingPartnerIds));
    await this.projects.insertAllIfAbsent(
      approvals.map((approval) => {
        const approvedOn = localDate(approval.decidedAt, this.config.FUND_TIME_ZONE);
        return {
          _id: approval.proposalId,
          reference: approval.proposalRef,
          title: approval.title,
          countries: approval.countries,
          implementingPartners: approval.implementingPartnerIds.map((organisationId) => ({
            organisationId,
            name: names.get(organisationId) ?? organisationId,
          })),
          activityTypes: approval.activityTypes as PublicProjectDocument['activityTypes'],
          amount: approval.amountApproved,
          periodStart: approval.plannedStart,
          periodEnd: approval.plannedEnd,
          status: 'approved',
          approvedOn,
          year: Number(approvedOn.slice(0, 4)),
          demo: false,
        };
      }),
    );
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
  return dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
