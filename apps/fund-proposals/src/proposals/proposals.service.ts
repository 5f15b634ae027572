import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { TOPICS } from '@ctip/contracts';
import { ConflictError } from '@ctip/errors';
import { scopedIdempotencyKey } from '@ctip/http';
import { Outbox } from '@ctip/outbox';
import { isDuplicateKeyError, sameState } from '@ctip/persistence';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { FundDirectory } from '../directory-view/fund-directory';
import { applicantOrganisation, requireOwn } from './proposal-access.policy';
import { checkReferences, normaliseContent } from './proposal-content.checks';
import type { ProposalContentInput, UpdateProposal } from './proposal.dto';
import { proposalFacts } from './proposal-facts';
import { proposalIdFor } from './proposal-id';
import { assertMove, assertStatus } from './proposal-status';
import { ProposalVersionRepository, versionIdOf } from './proposal-version.repository';
import { ProposalRepository } from './proposal.repository';
import type { ConsultationState, ProposalDocument } from './proposal.schema';

const EDITABLE = ['draft', 'in-consultation'] as const;

/** The applicant's side of a proposal: create a draft, edit it, submit it (freezing a version). */
@Injectable()
export class ProposalsService {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly versions: ProposalVersionRepository,
    private readonly directory: FundDirectory,
    private readonly outbox: Outbox,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  /** Returns the draft and whether this call created it (false: the same Idempotency-Key was used before). */
  async create(
    input: ProposalContentInput,
    principal: Principal,
    key: string | undefined,
  ): Promise<{ proposal: ProposalDocument; created: boolean }> {
    const organisationId = applicantOrganisation(principal);
    const id = proposalIdFor(scopedIdempotencyKey(principal.subject, key));
    const existing = await this.proposals.findById(id);
    if (existing) return { proposal: existing, created: false };
    const content = normaliseContent(input, this.config.FUND_CURRENCY);
    await checkReferences(content, organisationId, this.directory, this.config.FUND_CURRENCY);
    try {
      await this.proposals.insert({
        _id: id,
        proposalRef: await this.proposals.nextRef(new Date()),
        organisationId,
        createdBy: principal.subject,
        status: 'draft',
        content,
        revision: 1,
        submittedVersion: 0,
        consultation: { comments: [], rounds: [], totalMs: 0 },
        outbox: [],
      });
    } catch (error) {
      // The same creation arrived twice at once: the id (derived from the key) let one through.
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.proposals.findById(id);
      if (!winner) throw error;
      return { proposal: winner, created: false };
    }
    return { proposal: (await this.proposals.findById(id))!, created: true };
  }

  /** Replaces the content; an unchanged body changes nothing (no new revision). */
  async edit(id: string, input: UpdateProposal, principal: Principal): Promise<ProposalDocument> {
    const current = requireOwn(await this.proposals.findById(id), id, principal);
    assertStatus(current.status, EDITABLE, 'edit');
    const { revision, ...fields } = input;
    requireRevision(current, revision);
    const content = normaliseContent(fields, this.config.FUND_CURRENCY);
    if (sameState(content, current.content)) return current;
    await checkReferences(content, current.organisationId, this.directory, this.config.FUND_CURRENCY);
    await this.proposals.modify(id, (latest) => {
      assertStatus(latest.status, EDITABLE, 'edit');
      requireRevision(latest, revision);
      return { change: { set: { content, revision: revision + 1 } }, result: undefined };
    });
    return (await this.proposals.findById(id))!;
  }

  /**
   * Freezes the current content as the next version, then records the submission with its event; a
   * resubmission after a revision request closes the consultation round and adds its time to the total.
   */
  async submit(id: string, principal: Principal): Promise<ProposalDocument> {
    const current = requireOwn(await this.proposals.findById(id), id, principal);
    assertMove(current.status, 'submitted', 'submit');
    const number = current.submittedVersion + 1;
    const now = new Date();
    await this.versions.freeze(
      {
        _id: versionIdOf(id, number),
        proposalId: id,
        number,
        revision: current.revision,
        content: current.content,
        submittedBy: principal.subject,
        submittedAt: now,
      },
      current.submittedVersion,
    );
    await this.proposals.modify(id, (latest) => {
      assertMove(latest.status, 'submitted', 'submit');
      if (latest.revision !== current.revision || latest.submittedVersion !== current.submittedVersion)
        throw new ConflictError('the proposal changed while it was being submitted: read it again and submit', {
          revision: latest.revision,
        });
      const event = this.outbox.entry(TOPICS.fundProposalSubmitted, {
        ...proposalFacts(latest),
        version: number,
        activityTypes: latest.content.activityTypes,
        amountRequested: { amount: latest.content.budget.amountRequested, currency: latest.content.budget.currency },
        urgent: latest.urgent !== undefined,
        submittedAt: now.toISOString(),
      });
      const set = {
        status: 'submitted' as const,
        submittedVersion: number,
        submittedAt: now,
        consultation: closeRound(latest.consultation, now),
      };
      return { change: { set, events: [event] }, result: undefined };
    });
    return (await this.proposals.findById(id))!;
  }
}

function requireRevision(current: ProposalDocument, sent: number): void {
  if (sent !== current.revision)
    throw new ConflictError(
      `proposal ${current._id} is at revision ${current.revision} but the edit was based on revision ${sent}: read it again, reapply the change and send revision ${current.revision}`,
      { revision: current.revision },
    );
}

/** Closes the open revision round, if any: the time the applicant took is added to the total. */
export function closeRound(consultation: ConsultationState, at: Date): ConsultationState {
  const open = consultation.rounds.findIndex((round) => !round.respondedAt);
  if (open < 0) return consultation;
  const rounds = [...consultation.rounds];
  const durationMs = Math.max(0, at.getTime() - new Date(rounds[open].requestedAt).getTime());
  rounds[open] = { ...rounds[open], respondedAt: at, durationMs };
  return { ...consultation, rounds, totalMs: consultation.totalMs + durationMs };
}
