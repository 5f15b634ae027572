import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { TOPICS } from '@ctip/contracts';
import { NotFoundError, UnprocessableError } from '@ctip/errors';
import { scopedIdempotencyKey } from '@ctip/http';
import { Outbox } from '@ctip/outbox';
import { PinoLogger } from 'nestjs-pino';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { FundDirectory } from '../directory-view/fund-directory';
import type { CommentRequest, RevisionRequest } from './proposal.dto';
import { proposalFacts } from './proposal-facts';
import { commentIdFor } from './proposal-id';
import { assertMove } from './proposal-status';
import { ProposalRepository } from './proposal.repository';
import type { ProposalDocument } from './proposal.schema';

/** Whom notices about a proposal go to: its organisation's people with this role. */
export const FUND_CONTACT_ROLE = 'fund-contact';

/**
 * Design consultation: an officer's comments per section, revision requests with the points to address
 * (to the organisation's fund contacts), and the reminder of a silent applicant. The reminder job is
 * scheduled and cancelled from this service's own events (see ConsultationReminderSchedulerConsumer).
 */
@Injectable()
export class ConsultationService {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly directory: FundDirectory,
    private readonly outbox: Outbox,
    private readonly logger: PinoLogger,
    @Inject(FUND_CONFIG) private readonly config: FundProposalsConfig,
  ) {}

  /** Adds a comment; a retry with the same Idempotency-Key finds the first. */
  async comment(id: string, input: CommentRequest, principal: Principal, key: string | undefined) {
    const commentId = commentIdFor(id, scopedIdempotencyKey(principal.subject, key));
    const outcome = await this.proposals.modify(id, (current) => {
      const existing = current.consultation.comments.find((c) => c.commentId === commentId);
      if (existing) return { change: null, result: { comment: existing, created: false } };
      const comment = { commentId, ...input, authorId: principal.subject, at: new Date() };
      const consultation = { ...current.consultation, comments: [...current.consultation.comments, comment] };
      return { change: { set: { consultation } }, result: { comment, created: true } };
    });
    if (!outcome) throw new NotFoundError(`proposal ${id} not found`);
    return outcome;
  }

  /** Sends a submitted (or screened) version back to the applicant with the points to address. */
  async requestRevision(id: string, input: RevisionRequest, principal: Principal): Promise<ProposalDocument> {
    const current = await this.proposals.findById(id);
    if (!current) throw new NotFoundError(`proposal ${id} not found`);
    assertMove(current.status, 'in-consultation', 'request a revision of');
    const recipients = await this.fundContacts(current.organisationId);
    if (recipients.length === 0)
      throw new UnprocessableError('the organisation has no one to send the revision request to', [
        { field: 'organisationId', reason: `organisation ${current.organisationId} has no active ${FUND_CONTACT_ROLE} in the directory` },
      ]);
    const now = new Date();
    await this.proposals.modify(id, (latest) => {
      assertMove(latest.status, 'in-consultation', 'request a revision of');
      const round = { version: latest.submittedVersion, requestedAt: now, requestedBy: principal.subject, points: input.points };
      const event = this.outbox.entry(TOPICS.fundProposalRevisionRequested, {
        ...proposalFacts(latest),
        version: latest.submittedVersion,
        points: input.points.length,
        recipients: { personIds: recipients },
        requestedAt: now.toISOString(),
      });
      const consultation = { ...latest.consultation, rounds: [...latest.consultation.rounds, round] };
      return { change: { set: { status: 'in-consultation', consultation }, events: [event] }, result: undefined };
    });
    return (await this.proposals.findById(id))!;
  }

  /**
   * The reminder job's work: if the applicant is still silent on the revision of `version`, remind the
   * fund contacts once. A job that fires after the resubmission (or twice) finds nothing to do.
   */
  async remindSilentApplicant(id: string, version: number): Promise<void> {
    const current = await this.proposals.findById(id);
    if (!current || !isSilent(current, version)) return;
    const recipients = await this.fundContacts(current.organisationId);
    if (recipients.length === 0) {
      this.logger.warn(
        { proposalId: id, organisationId: current.organisationId },
        'revision reminder due but the organisation has no fund contact',
      );
      return;
    }
    const now = new Date();
    await this.proposals.modify(id, (latest) => {
      if (!isSilent(latest, version)) return { change: null, result: undefined };
      const rounds = [...latest.consultation.rounds];
      const open = rounds.length - 1;
      rounds[open] = { ...rounds[open], remindedAt: now };
      const event = this.outbox.entry(TOPICS.fundReminderDue, {
        ...proposalFacts(latest),
        reminder: 'revision-pending',
        obligationId: `revision-${id}-v${version}`,
        dueOn: new Date(new Date(rounds[open].requestedAt).getTime() + this.config.FUND_CONSULTATION_REMINDER_MS).toISOString(),
        sequence: 1,
        recipients: { personIds: recipients },
        remindedAt: now.toISOString(),
      });
      return { change: { set: { consultation: { ...latest.consultation, rounds } }, events: [event] }, result: undefined };
    });
  }

  private async fundContacts(organisationId: string): Promise<string[]> {
    return (await this.directory.peopleOf(organisationId, FUND_CONTACT_ROLE)).map((p) => p._id);
  }
}

/** Still waiting for the applicant on the revision requested of `version`, and not yet reminded. */
function isSilent(proposal: ProposalDocument, version: number): boolean {
  const last = proposal.consultation.rounds[proposal.consultation.rounds.length - 1];
  return (
    proposal.status === 'in-consultation' &&
    proposal.submittedVersion === version &&
    last !== undefined &&
    !last.respondedAt &&
    !last.remindedAt
  );
}
