import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@ctip/auth';
import { ZodOperation, ZodParam } from '@ctip/http';
import { verificationCodeParamSchema, verificationViewSchema } from './certificate.dto';
import { CertificateDocumentsService } from './certificate-documents.service';

@ApiTags('certificates')
@Public()
@Controller('certificate-verifications')
export class CertificateVerificationsController {
  constructor(private readonly documents: CertificateDocumentsService) {}

  @Get(':code')
  @ZodOperation({
    summary: 'Check a certificate’s verification code (public)',
    description:
      'No token. Answers whether the code is valid and, if it is, the event’s title and dates — never who it was issued to. An unknown code is `valid: false`; a malformed one 400.',
    responses: { 200: verificationViewSchema },
    errors: [503],
    public: true,
  })
  verify(@ZodParam('code', verificationCodeParamSchema) code: string) {
    return this.documents.verify(code);
  }
}
