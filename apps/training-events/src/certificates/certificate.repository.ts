import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Outbox } from '@ctip/outbox';
import { isDuplicateKeyError } from '@ctip/persistence';
import type { Model } from 'mongoose';
import {
  CERTIFICATE_MODEL,
  CERTIFICATE_VERIFICATION_MODEL,
  type CertificateDocument,
  type CertificateVerificationDocument,
} from './certificate.schema';

@Injectable()
export class CertificateRepository implements OnModuleInit {
  constructor(
    @InjectModel(CERTIFICATE_MODEL) private readonly certificates: Model<CertificateDocument>,
    @InjectModel(CERTIFICATE_VERIFICATION_MODEL) private readonly verifications: Model<CertificateVerificationDocument>,
    private readonly outbox: Outbox,
  ) {}

  onModuleInit(): void {
    this.outbox.track(this.certificates);
  }

  findById(id: string): Promise<CertificateDocument | null> {
    return this.certificates.findById(id).select({ outbox: 0 }).lean<CertificateDocument>().exec();
  }

  findManyByIds(ids: string[]): Promise<CertificateDocument[]> {
    return this.certificates
      .find({ _id: { $in: ids } })
      .select({ outbox: 0 })
      .lean<CertificateDocument[]>()
      .exec();
  }

  findVerification(code: string): Promise<CertificateVerificationDocument | null> {
    return this.verifications.findById(code).lean<CertificateVerificationDocument>().exec();
  }

  /**
   * Writes the code first, then the certificate with its event in one insert (no transactions): a crash
   * in between leaves a code no certificate carries, which verifies as invalid. False when the certificate
   * was issued before.
   */
  async issue(certificate: CertificateDocument): Promise<boolean> {
    await this.verifications.create({
      _id: certificate.verificationCode,
      certificateId: certificate._id,
      eventId: certificate.eventId,
      createdAt: certificate.issuedAt,
    });
    const write = async () => {
      try {
        await this.certificates.create(certificate);
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        await this.verifications.deleteOne({ _id: certificate.verificationCode }).exec();
        return false;
      }
    };
    return this.outbox.store(this.certificates, certificate._id, certificate.outbox, write);
  }
}
