import { Controller, Get, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, IdempotencyKey, ZodBody, ZodOperation, ZodParam } from '@ctip/http';
import type { Response } from 'express';
import { EVENT_ORGANISERS, EVENT_PARTICIPANTS } from '../attendance/event-access';
import { eventIdParamSchema } from '../attendance/event-param.dto';
import { feedbackAnswerSchema, feedbackReceiptSchema, type FeedbackAnswer } from './feedback.dto';
import { feedbackReportSchema } from './feedback-report';
import { FeedbackService } from './feedback.service';

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('events/:id')
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post('feedback')
  @Roles(...EVENT_PARTICIPANTS)
  @ZodOperation({
    summary: 'Answer the event’s survey (once)',
    description:
      'For participants who held a seat, after the event ended. A second answer is 409 with `current.answeredAt`; a retry with the same Idempotency-Key answers 200 with the first receipt. Reported without names.',
    responses: {
      200: { description: 'The answer this Idempotency-Key gave before.', schema: feedbackReceiptSchema },
      201: feedbackReceiptSchema,
    },
    errors: [403, 404, 409],
  })
  async answer(
    @ZodParam('id', eventIdParamSchema) eventId: string,
    @ZodBody(feedbackAnswerSchema) body: FeedbackAnswer,
    @IdempotencyKey() key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { receipt, created } = await this.feedback.answer(eventId, body, principal, key);
    response.status(creationStatus(created));
    return receipt;
  }

  @Get('feedback-report')
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'The survey’s results, without names',
    description:
      'Counts, means and distributions per question and the comments without their authors, for the event’s organiser or a coordinator, once the event ended (409 with `current.endsAt` before).',
    responses: { 200: feedbackReportSchema },
    errors: [403, 404, 409],
  })
  report(@ZodParam('id', eventIdParamSchema) eventId: string, @CurrentPrincipal() principal: Principal) {
    return this.feedback.report(eventId, principal);
  }
}
