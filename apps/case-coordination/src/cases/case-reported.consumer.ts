import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type CaseReported } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { CaseIntakeService } from './case-intake.service';

/**
 * Reports from integrators (a hotline, a national referral database) arrive as events. A report naming
 * unknown countries or organisations can never succeed: the intake's domain error dead-letters it with
 * the reason, at once.
 */
@Controller()
export class CaseReportedConsumer {
  constructor(private readonly intake: CaseIntakeService) {}

  @TypedEventPattern(TOPICS.caseReported)
  async reported(@Payload() data: CaseReported): Promise<void> {
    await this.intake.reportFromEvent(data);
  }
}
