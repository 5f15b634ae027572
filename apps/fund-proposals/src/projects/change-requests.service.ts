import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '@ctip/errors';
import { EnvelopeLedger } from '../cycles/envelope-ledger';
import type { ChangeDecisionRequest, ChangeRequestRequest, TranchePlanRequest } from './project.dto';
import { assertActive, ProjectAccess } from './project-access.policy';
import { ProjectRepository } from './project.repository';
import type { ChangeRequest, ProjectDocument } from './project.schema';
import { newTrancheId } from './project-setup.service';
import { projectView, type ProjectView } from './project.view';
import { conditionsMet, planTranches, releaseMet } from './tranche-plan';

const isPending = (request: ChangeRequest) => request.state === 'requested' || request.state === 'prepared';

/**
 * Changes to the approved amount, four-eyes: requested by the applicant or an officer with a reason,
 * prepared by a fund officer with the tranches re-planned to the new amount, decided by a different fund
 * officer or committee member. Approval re-commits the proposal in its cycle's envelope at the new amount.
 */
@Injectable()
export class ChangeRequestsService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly ledger: EnvelopeLedger,
  ) {}

  /** One pending request at a time (409 naming it); a retry with the same Idempotency-Key answers the first. */
  async request(projectId: string, input: ChangeRequestRequest, principal: Principal, scopedKey: string) {
    const outcome = await this.projects.modify(projectId, (project) => {
      if (!ProjectAccess.canView(principal, project)) throw new NotFoundError(`project ${projectId} not found`);
      const replay = project.changeRequests.find((r) => r.idempotencyKey === scopedKey);
      if (replay) return { change: null, result: { project, request: replay, created: false } };
      assertActive(project, 'request a change');
      const pending = project.changeRequests.find(isPending);
      if (pending)
        throw new ConflictError(`change request ${pending.changeId} is ${pending.state}: decide it first`, {
          changeId: pending.changeId,
          state: pending.state,
        });
      if (input.newAmount === project.approvedAmount)
        throw new UnprocessableError('nothing to change', [
          { field: 'newAmount', reason: `is the approved amount already (${project.approvedAmount})` },
        ]);
      const request: ChangeRequest = {
        changeId: `change-${project.changeRequests.length + 1}`,
        previousAmount: project.approvedAmount,
        newAmount: input.newAmount,
        reason: input.reason,
        requestedBy: principal.subject,
        requestedAt: new Date(),
        idempotencyKey: scopedKey,
        state: 'requested',
      };
      const changeRequests = [...project.changeRequests, request];
      return { change: { set: { changeRequests } }, result: { project: { ...project, changeRequests }, request, created: true } };
    });
    if (!outcome) throw new NotFoundError(`project ${projectId} not found`);
    return { project: projectView(outcome.project, ProjectAccess.isInternal(principal)), created: outcome.created };
  }

  /** A fund officer prepares the change: the tranches re-planned to add up to the new amount (422 otherwise). */
  async prepare(projectId: string, changeId: string, input: TranchePlanRequest, principal: Principal): Promise<ProjectView> {
    return this.changeOne(projectId, changeId, (project, request) => {
      if (!isPending(request)) throw this.decided(request);
      const tranches = planTranches(input.tranches, request.newAmount, project.tranches, newTrancheId);
      return { ...request, state: 'prepared', tranches, preparedBy: principal.subject, preparedAt: new Date() };
    });
  }

  /**
   * Approves or rejects a prepared change; the one who prepared it may not decide it (403). The envelope
   * is checked first (409 naming what is available); if the project then refuses the change, the
   * commitment goes back to the amount the project keeps.
   */
  async decide(projectId: string, changeId: string, input: ChangeDecisionRequest, principal: Principal): Promise<ProjectView> {
    const project = await this.projects.findById(projectId);
    const request = project?.changeRequests.find((r) => r.changeId === changeId);
    if (!project || !request) throw new NotFoundError(`project ${projectId} has no change request ${changeId}`);
    this.checkDecidable(project, request, principal);
    if (input.decision === 'reject')
      return this.changeOne(projectId, changeId, (_current, latest) => {
        this.checkDecidable(_current, latest, principal);
        return { ...latest, state: 'rejected', decidedBy: principal.subject, decidedAt: new Date(), decisionReason: input.reason ?? '' };
      });
    const commitment = (amount: number) => [{ proposalId: project.proposalId, amount, lane: project.lane }];
    await this.ledger.commit(project.cycleId, commitment(request.newAmount));
    try {
      return await this.changeOne(
        projectId,
        changeId,
        (current, latest, now) => {
          this.checkDecidable(current, latest, principal);
          return {
            ...latest,
            state: 'approved',
            decidedBy: principal.subject,
            decidedAt: now,
            ...(input.reason ? { decisionReason: input.reason } : {}),
          };
        },
        (current, latest, now) => {
          // Tranches released since the preparation must still fit the plan (422 otherwise).
          const prepared = latest.tranches ?? [];
          const known = new Set(current.tranches.map((t) => t.trancheId));
          const input = prepared.map(({ trancheId, amount, condition }) =>
            known.has(trancheId) ? { trancheId, amount, condition } : { amount, condition },
          );
          const tranches = planTranches(input, latest.newAmount, current.tranches, (index) => prepared[index].trancheId);
          return {
            approvedAmount: latest.newAmount,
            ...(current.agreement ? { agreement: { ...current.agreement, amount: latest.newAmount } } : {}),
            tranches: releaseMet(tranches, conditionsMet(current), principal.subject, now),
          };
        },
      );
    } catch (error) {
      const kept = await this.projects.findById(projectId);
      if (kept) await this.ledger.commit(project.cycleId, commitment(kept.approvedAmount));
      throw error;
    }
  }

  private checkDecidable(project: ProjectDocument, request: ChangeRequest, principal: Principal): void {
    assertActive(project, 'decide a change');
    if (request.state !== 'prepared') throw this.decided(request);
    if (request.preparedBy === principal.subject)
      throw new ForbiddenError(`change request ${request.changeId} was prepared by you: a different person must decide it`);
  }

  private decided(request: ChangeRequest): ConflictError {
    return new ConflictError(`change request ${request.changeId} is ${request.state}`, {
      changeId: request.changeId,
      state: request.state,
    });
  }

  private async changeOne(
    projectId: string,
    changeId: string,
    apply: (project: ProjectDocument, request: ChangeRequest, now: Date) => ChangeRequest,
    alsoSet?: (project: ProjectDocument, request: ChangeRequest, now: Date) => Partial<ProjectDocument>,
  ): Promise<ProjectView> {
    const updated = await this.projects.modify(projectId, (project) => {
      const request = project.changeRequests.find((r) => r.changeId === changeId);
      if (!request) throw new NotFoundError(`project ${projectId} has no change request ${changeId}`);
      assertActive(project, 'change a change request');
      const now = new Date();
      const next = apply(project, request, now);
      const set = {
        changeRequests: project.changeRequests.map((r) => (r.changeId === changeId ? next : r)),
        ...alsoSet?.(project, request, now),
      };
      return { change: { set }, result: { ...project, ...set } };
    });
    if (!updated) throw new NotFoundError(`project ${projectId} not found`);
    return projectView(updated, true);
  }
}
