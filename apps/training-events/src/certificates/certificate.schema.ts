import { addOutbox, type WithOutbox } from '@ctip/outbox';
import { Schema } from 'mongoose';
import type { CertificateLanguage } from './certificate-pdf.renderer';

export const CERTIFICATE_MODEL = 'TrainingCertificate';
export const CERTIFICATE_VERIFICATION_MODEL = 'TrainingCertificateVerification';

/**
 * A certificate of attendance. `_id` derives from event and participant, so issuing twice (a retry, two
 * organisers at once) collides on the primary key. The name is not stored: it is read from the participant
 * when the PDF is made, so an erased external participant's name is nowhere here.
 */
export interface CertificateDocument extends WithOutbox {
  _id: string;
  eventId: string;
  participantId: string;
  language: CertificateLanguage;
  verificationCode: string;
  /** The attendance rate it was issued for. */
  rate: number;
  issuedBy: string;
  issuedAt: Date;
}

export const certificateSchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    participantId: { type: String, required: true },
    language: { type: String, required: true },
    verificationCode: { type: String, required: true },
    rate: { type: Number, required: true },
    issuedBy: { type: String, required: true },
    issuedAt: { type: Date, required: true },
  },
  { collection: 'training_certificates', versionKey: false },
);
addOutbox(certificateSchema);

/**
 * The public side of a certificate, keyed by its verification code so that a check is one `_id` lookup.
 * It names the certificate, never the person; a code whose certificate does not carry it back (the loser
 * of two concurrent issues) is not valid.
 */
export interface CertificateVerificationDocument {
  _id: string;
  certificateId: string;
  eventId: string;
  createdAt: Date;
}

export const certificateVerificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    certificateId: { type: String, required: true },
    eventId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'training_certificate_verifications', versionKey: false },
);
