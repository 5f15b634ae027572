import { Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { TOPICS } from '@ctip/contracts';
import { ConflictError } from '@ctip/errors';
import { Outbox } from '@ctip/outbox';
import { deterministicUuid } from '@ctip/persistence';
import { reachesThreshold } from '../attendance/attendance-rate';
import { AttendanceService } from '../attendance/attendance.service';
import { requireEvent, requireManager } from '../attendance/event-access';
import { eventFacts } from '../events/event-facts';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { ParticipantDirectory } from '../participants/participant-directory';
import type { CertificateLanguage } from './certificate-pdf.renderer';
import type { IssueResult } from './certificate.dto';
import { CertificateRepository } from './certificate.repository';
import { newVerificationCode } from './verification-code';

export const certificateIdOf = (eventId: string, participantId: string) =>
  deterministicUuid('training-certificate', `${eventId}/${participantId}`);

/** A certificate is in Russian for a participant whose language is Russian, else in English. */
export const certificateLanguageOf = (language: string | undefined): CertificateLanguage => (language?.startsWith('ru') ? 'ru' : 'en');

/**
 * Issues certificates of attendance once each to the participants at or above the event's attendance
 * threshold, after the event: repeating the request issues only to those who reached it since.
 */
@Injectable()
export class CertificateIssuingService {
  constructor(
    private readonly events: TrainingEventRepository,
    private readonly attendance: AttendanceService,
    private readonly participants: ParticipantDirectory,
    private readonly certificates: CertificateRepository,
    private readonly outbox: Outbox,
  ) {}

  async issue(eventId: string, principal: Principal, now = new Date()): Promise<IssueResult> {
    const event = requireEvent(await this.events.findById(eventId), eventId);
    requireManager(event, principal);
    requireEnded(event, now);
    const { rates, threshold } = await this.attendance.rates(event, event.seats.confirmed);
    const eligible = rates.filter((r) => reachesThreshold(r, threshold));
    const existing = new Set(
      (await this.certificates.findManyByIds(eligible.map((r) => certificateIdOf(eventId, r.participantId)))).map((c) => c.participantId),
    );
    const result: IssueResult = {
      eventId,
      threshold,
      issued: [],
      alreadyIssued: [],
      belowThreshold: rates.filter((r) => !reachesThreshold(r, threshold)).map(({ participantId, rate }) => ({ participantId, rate })),
    };
    for (const { participantId, rate } of eligible) {
      const certificateId = certificateIdOf(eventId, participantId);
      const issued = !existing.has(participantId) && (await this.issueOne(event, participantId, certificateId, rate!, principal, now));
      (issued ? result.issued : result.alreadyIssued).push({ certificateId, participantId });
    }
    return result;
  }

  private async issueOne(
    event: TrainingEventDocument,
    participantId: string,
    certificateId: string,
    rate: number,
    principal: Principal,
    now: Date,
  ): Promise<boolean> {
    const profile = await this.participants.profile(participantId);
    const verificationCode = newVerificationCode();
    const entry = this.outbox.entry(TOPICS.trainingCertificateIssued, {
      ...eventFacts(event),
      certificateId,
      verificationCode,
      recipients: { personIds: [participantId] },
      at: now.toISOString(),
    });
    return this.certificates.issue({
      _id: certificateId,
      eventId: event._id,
      participantId,
      language: certificateLanguageOf(profile?.language),
      verificationCode,
      rate,
      issuedBy: principal.subject,
      issuedAt: now,
      outbox: [entry],
    });
  }
}

function requireEnded(event: TrainingEventDocument, now: Date): void {
  if (event.state === 'cancelled')
    throw new ConflictError(`event ${event._id} was cancelled: it has no certificates`, { state: 'cancelled' });
  const endsAt = new Date(event.endsAt);
  if (now < endsAt)
    throw new ConflictError(`certificates of event ${event._id} are issued after it ends (${endsAt.toISOString()})`, {
      endsAt: endsAt.toISOString(),
    });
}
