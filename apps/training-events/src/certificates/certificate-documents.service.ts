import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ctip/auth';
import { NotFoundError } from '@ctip/errors';
import { manages } from '../attendance/event-access';
import { TRAINING_CONFIG, type TrainingEventsConfig } from '../config';
import { TrainingEventRepository } from '../events/training-event.repository';
import type { TrainingEventDocument } from '../events/training-event.schema';
import { ParticipantDirectory } from '../participants/participant-directory';
import { renderCertificatePdf, type CertificateLanguage } from './certificate-pdf.renderer';
import type { VerificationView } from './certificate.dto';
import { CertificateRepository } from './certificate.repository';

const ONLINE: Record<CertificateLanguage, string> = { en: 'online', ru: 'онлайн' };

/** The certificate's PDF behind sign-in, and the public check of a verification code. */
@Injectable()
export class CertificateDocumentsService {
  constructor(
    private readonly certificates: CertificateRepository,
    private readonly events: TrainingEventRepository,
    private readonly participants: ParticipantDirectory,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingEventsConfig,
  ) {}

  /** For the participant it was issued to, the event's organiser and coordinators; anyone else gets 404. */
  async pdf(certificateId: string, principal: Principal): Promise<Buffer> {
    const certificate = await this.certificates.findById(certificateId);
    const event = certificate ? await this.events.findById(certificate.eventId) : null;
    if (!certificate || !event || (certificate.participantId !== principal.subject && !manages(event, principal)))
      throw new NotFoundError(`no certificate ${certificateId}`);
    const profile = await this.participants.profile(certificate.participantId);
    if (!profile?.displayName)
      throw new NotFoundError(`certificate ${certificateId} can no longer be made: the participant’s data was erased`);
    const language = certificate.language;
    return renderCertificatePdf({
      language,
      participantName: profile.displayName,
      eventTitle: titleIn(event, language),
      startsAt: new Date(event.startsAt).toISOString(),
      endsAt: new Date(event.endsAt).toISOString(),
      timeZone: event.timeZone,
      place: placeIn(event, language),
      verificationCode: certificate.verificationCode,
      verificationUrl: `${this.config.APP_BASE_URL.replace(/\/$/, '')}/certificate-verifications/${certificate.verificationCode}`,
    });
  }

  /** Valid when the code is one a certificate carries; then the event's title and dates, nothing else. */
  async verify(code: string): Promise<VerificationView> {
    const verification = await this.certificates.findVerification(code);
    const certificate = verification ? await this.certificates.findById(verification.certificateId) : null;
    const event = certificate?.verificationCode === code ? await this.events.findById(certificate.eventId) : null;
    if (!event) return { valid: false };
    return {
      valid: true,
      event: { title: event.title, startsAt: new Date(event.startsAt).toISOString(), endsAt: new Date(event.endsAt).toISOString() },
    };
  }
}

function titleIn(event: TrainingEventDocument, language: CertificateLanguage): string {
  return event.title[language] ?? event.title.en ?? event.title.ru ?? event._id;
}

function placeIn(event: TrainingEventDocument, language: CertificateLanguage): string {
  if (event.online || !event.venue) return ONLINE[language];
  const country = new Intl.DisplayNames([language], { type: 'region' }).of(event.venue.country) ?? event.venue.country;
  return `${event.venue.city}, ${country}`;
}
