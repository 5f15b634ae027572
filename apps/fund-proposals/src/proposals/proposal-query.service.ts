import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { NotFoundError } from '@ctip/errors';
import { readPage, type Page, type PageRequest } from '@ctip/persistence';
import type { CompareQuery, ProposalListQuery } from './proposal.dto';
import { audienceOf, requireVisible } from './proposal-access.policy';
import { compareContent } from './proposal-diff';
import { ProposalVersionRepository } from './proposal-version.repository';
import { ProposalRepository } from './proposal.repository';
import type { ProposalDocument } from './proposal.schema';
import { applicantView, odihrView, proposalSummary } from './proposal.view';

const NEWEST_FIRST = { field: 'createdAt', direction: -1 } as const;

/** Reads of proposals and their versions, scoped: an applicant sees their organisation's only. */
@Injectable()
export class ProposalQueryService {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly versions: ProposalVersionRepository,
  ) {}

  async list(principal: Principal, query: ProposalListQuery): Promise<Page<ReturnType<typeof proposalSummary>>> {
    const { status, ...request } = query;
    const scope = audienceOf(principal);
    const filter = {
      ...(scope.audience === 'applicant' ? { organisationId: scope.organisationId } : {}),
      ...(status ? { status } : {}),
    };
    const page = await readPage(request, NEWEST_FIRST, filter, ({ filter: query, sort, limit }) =>
      this.proposals.model.find(query).select({ outbox: 0 }).sort(sort).limit(limit).lean<ProposalDocument[]>().exec(),
    );
    return { items: page.items.map(proposalSummary), nextCursor: page.nextCursor };
  }

  async get(id: string, principal: Principal) {
    return this.view(await this.visible(id, principal), principal);
  }

  /** The view the caller's audience gets. */
  view(proposal: ProposalDocument, principal: Principal) {
    return audienceOf(principal).audience === 'odihr' ? odihrView(proposal) : applicantView(proposal);
  }

  async versionList(id: string, principal: Principal, request: PageRequest) {
    const proposal = await this.visible(id, principal);
    const page = await this.versions.page(id, proposal.submittedVersion, request);
    return {
      items: page.items.map(({ number, revision, submittedBy, submittedAt }) => ({ version: number, revision, submittedBy, submittedAt })),
      nextCursor: page.nextCursor,
    };
  }

  async version(id: string, number: number, principal: Principal) {
    const proposal = await this.visible(id, principal);
    const found = number <= proposal.submittedVersion ? await this.versions.find(id, number) : null;
    if (!found) throw new NotFoundError(`proposal ${id} has no version ${number}`);
    const { number: version, revision, content, submittedBy, submittedAt } = found;
    return { proposalId: id, version, revision, content, submittedBy, submittedAt };
  }

  async compare(id: string, query: CompareQuery, principal: Principal) {
    const [from, to] = await Promise.all([this.version(id, query.from, principal), this.version(id, query.to, principal)]);
    return { proposalId: id, from: from.version, to: to.version, ...compareContent(from.content, to.content) };
  }

  private async visible(id: string, principal: Principal): Promise<ProposalDocument> {
    return requireVisible(await this.proposals.findById(id), id, principal);
  }
}
