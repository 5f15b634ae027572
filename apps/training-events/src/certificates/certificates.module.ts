import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AttendanceModule } from '../attendance/attendance.module';
import { CertificateDocumentsService } from './certificate-documents.service';
import { CertificateIssuingService } from './certificate-issuing.service';
import { CertificateVerificationsController } from './certificate-verifications.controller';
import { CERTIFICATE_MODEL, CERTIFICATE_VERIFICATION_MODEL, certificateSchema, certificateVerificationSchema } from './certificate.schema';
import { CertificateRepository } from './certificate.repository';
import { CertificatesController } from './certificates.controller';

/** Certificates of attendance: issued from the attendance rates, rendered as PDF, verified in public. */
@Module({
  imports: [
    AttendanceModule,
    MongooseModule.forFeature([
      { name: CERTIFICATE_MODEL, schema: certificateSchema },
      { name: CERTIFICATE_VERIFICATION_MODEL, schema: certificateVerificationSchema },
    ]),
  ],
  controllers: [CertificatesController, CertificateVerificationsController],
  providers: [CertificateIssuingService, CertificateDocumentsService, CertificateRepository],
})
export class CertificatesModule {}
