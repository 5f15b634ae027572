import { z } from 'zod';
import { defineEvent } from '../../catalogue/define-event';
import { trainingEventFactsSchema, trainingRecipientsSchema } from '../training.schema';

/** A certificate of attendance was issued to one participant. */
export const trainingCertificateIssuedSchema = z.object({
  ...trainingEventFactsSchema.shape,
  certificateId: z.string().min(1),
  /** Public: anyone can check it; it reveals only the event, its dates and whether it is valid. */
  verificationCode: z.string().min(8).max(64),
  recipients: trainingRecipientsSchema,
  at: z.iso.datetime({ offset: true }),
});
export type TrainingCertificateIssued = z.infer<typeof trainingCertificateIssuedSchema>;

export const trainingCertificateIssued = defineEvent('training.certificate.issued.v1', trainingCertificateIssuedSchema, {
  description:
    'A certificate of attendance was issued to a participant; its verification code is public, the certificate is behind sign-in.',
  keyField: 'eventId',
});
