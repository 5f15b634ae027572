import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RemindersModule } from '../reminders/reminders.module';
import { FeedbackRequestSchedulerConsumer } from './feedback-request-scheduler.consumer';
import { FeedbackRequestProcessor } from './feedback-request.processor';
import { FeedbackRequestService } from './feedback-request.service';
import { FeedbackController } from './feedback.controller';
import { FEEDBACK_MODEL, feedbackSchema } from './feedback.schema';
import { FeedbackService } from './feedback.service';

/** The feedback request at the event's end, the survey and its report. */
@Module({
  imports: [RemindersModule, MongooseModule.forFeature([{ name: FEEDBACK_MODEL, schema: feedbackSchema }])],
  controllers: [FeedbackController, FeedbackRequestSchedulerConsumer],
  providers: [FeedbackService, FeedbackRequestService, FeedbackRequestProcessor],
})
export class FeedbackModule {}
