import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { NotFoundError } from '@ctip/errors';
import { Correlation } from '@ctip/observability';
import { CaseAccess } from '../cases/case-access.policy';
import { CaseRepository } from '../cases/case.repository';
import type { IdentityField } from '../cases/case.schema';
import { AuditRepository } from './audit.repository';
import { FieldCipher } from './field-cipher';

/**
 * The only way identifying details leave the database: to a person allowed to see the case, for a
 * stated reason, after the read is written to the audit trail. A case the caller may not see is
 * answered 404, so its existence does not leak either.
 */
@Injectable()
export class IdentityService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly audit: AuditRepository,
    private readonly cipher: FieldCipher,
  ) {}

  /** `idOrRef`: the case id or its reference (`RR-2026-000123`). */
  async read(
    idOrRef: string,
    principal: Principal,
    reason: string,
  ): Promise<{ identity: Partial<Record<IdentityField, string>>; notes?: string; auditId: string }> {
    const subject = await this.cases.findByIdOrRef(idOrRef);
    if (!subject || !CaseAccess.canReadIdentity(principal, subject)) throw new NotFoundError(`case ${idOrRef} not found`);
    const record = await this.audit.record({
      caseId: subject._id,
      actor: principal.subject,
      roles: principal.roles,
      action: 'identity.read',
      reason,
      correlationId: Correlation.id(),
    });
    return {
      identity: this.cipher.decryptAll(subject.identity),
      ...(subject.notes ? { notes: this.cipher.decrypt('notes', subject.notes) } : {}),
      auditId: record._id,
    };
  }
}
