import { HttpException, Injectable } from '@nestjs/common';
import { TOPICS, type CaseReported } from '@ctip/contracts';
import { NonRetriableError, OnEvent } from '@ctip/messaging';
import { CaseIntakeService } from './case-intake.service';

@Injectable()
export class CaseReportedConsumer {
  constructor(private readonly intake: CaseIntakeService) {}

  /** A report naming unknown countries or organisations can never succeed: dead-letter it with the reason. */
  @OnEvent(TOPICS.caseReported)
  async reported(data: CaseReported): Promise<void> {
    try {
      await this.intake.reportFromEvent(data);
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() < 500) {
        const body = error.getResponse() as { errors?: { field: string; reason: string }[] };
        throw new NonRetriableError(body.errors?.map((e) => `${e.field}: ${e.reason}`).join('; ') ?? error.message);
      }
      throw error;
    }
  }
}
