import { Controller, Get, Header, HttpCode, HttpStatus, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodOperation, ZodParam } from '@ctip/http';
import { EVENT_ORGANISERS, EVENT_READERS } from '../attendance/event-access';
import { eventIdParamSchema } from '../attendance/event-param.dto';
import { certificateIdParamSchema, issueResultSchema } from './certificate.dto';
import { CertificateDocumentsService } from './certificate-documents.service';
import { CertificateIssuingService } from './certificate-issuing.service';

@ApiTags('certificates')
@ApiBearerAuth()
@Controller()
export class CertificatesController {
  constructor(
    private readonly issuing: CertificateIssuingService,
    private readonly documents: CertificateDocumentsService,
  ) {}

  @Post('events/:id/certificates')
  @HttpCode(HttpStatus.OK)
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Issue the certificates of attendance',
    description:
      'After the event, to every participant holding a seat whose attendance rate reaches the event’s threshold (default 0.75), once each: repeating it issues only to those who reached it since (idempotent). Each gets a fresh verification code and a `training.certificate.issued.v1` notice. 409 before the end (`current.endsAt`) or for a cancelled event.',
    responses: {
      200: {
        schema: issueResultSchema,
        links: { certificate: { operationId: 'CertificatesController_pdf', parameters: { id: '$response.body#/issued/0/certificateId' } } },
      },
    },
    errors: [403, 404, 409],
  })
  issue(@ZodParam('id', eventIdParamSchema) eventId: string, @CurrentPrincipal() principal: Principal) {
    return this.issuing.issue(eventId, principal);
  }

  @Get('certificates/:id.pdf')
  @Roles(...EVENT_READERS)
  @Header('Content-Type', 'application/pdf')
  @ZodOperation({
    summary: 'Download a certificate as PDF',
    description:
      'For the participant it was issued to, the event’s organiser and coordinators (404 for anyone else). In the participant’s language (English or Russian), with the name as it is now; 404 once an external participant’s data was erased.',
    responses: { 200: { schema: { type: 'string', format: 'binary' }, contentType: 'application/pdf' } },
    errors: [404],
  })
  async pdf(@ZodParam('id', certificateIdParamSchema) certificateId: string, @CurrentPrincipal() principal: Principal) {
    const pdf = await this.documents.pdf(certificateId, principal);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: 'inline; filename="certificate.pdf"', length: pdf.length });
  }
}
