import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ForbiddenError, NotFoundError } from '@ctip/errors';
import type { Page, PageRequest } from '@ctip/persistence';
import { AuditRepository, type AuditRecord } from '../privacy/audit.repository';
import { CaseAccess } from './case-access.policy';
import { CaseRepository } from './case.repository';
import type { CaseDocument, TimelineEntry } from './case.schema';
import { caseView, type CaseView } from './case.view';

/** What a caller may read of cases: scoped by `CaseAccess`, a case they may not see is answered 404. */
@Injectable()
export class CaseQueryService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** All cases for the coordination unit, those of their countries for a focal point; newest first. */
  async list(principal: Principal, page: PageRequest): Promise<Page<CaseView>> {
    const scope = CaseAccess.listScope(principal);
    if (!scope) throw new ForbiddenError('you may not list cases');
    const found = await this.cases.list('countries' in scope ? { countries: scope.countries } : {}, page);
    return { items: found.items.map(caseView), nextCursor: found.nextCursor };
  }

  async get(idOrRef: string, principal: Principal): Promise<CaseView> {
    return caseView(await this.visible(idOrRef, principal));
  }

  async timeline(idOrRef: string, principal: Principal): Promise<{ caseId: string; caseRef: string; entries: TimelineEntry[] }> {
    const subject = await this.visible(idOrRef, principal);
    return {
      caseId: subject._id,
      caseRef: subject.caseRef,
      entries: [...subject.timeline].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime()),
    };
  }

  async auditTrail(idOrRef: string, principal: Principal): Promise<{ items: AuditRecord[] }> {
    return { items: await this.audit.forCase((await this.visible(idOrRef, principal))._id) };
  }

  /** A case the caller may not see answers 404, so its existence does not leak. */
  private async visible(idOrRef: string, principal: Principal): Promise<CaseDocument> {
    const subject = await this.cases.findByIdOrRef(idOrRef);
    if (!subject || !CaseAccess.canView(principal, subject)) throw new NotFoundError(`case ${idOrRef} not found`);
    return subject;
  }
}
