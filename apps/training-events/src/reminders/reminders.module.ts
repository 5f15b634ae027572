import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ReminderDispatchService } from './reminder-dispatch.service';
import { ReminderPlanningService } from './reminder-planning.service';
import { ReminderSchedulerConsumer } from './reminder-scheduler.consumer';
import { ReminderProcessor } from './reminder.processor';
import { SentNoticeRepository } from './sent-notice.repository';
import { SENT_NOTICE_MODEL, sentNoticeSchema } from './sent-notice.schema';

/** Reminders before the start in each participant's time zone: delayed jobs planned from the service's own events. */
@Module({
  imports: [MongooseModule.forFeature([{ name: SENT_NOTICE_MODEL, schema: sentNoticeSchema }])],
  controllers: [ReminderSchedulerConsumer],
  providers: [ReminderPlanningService, ReminderDispatchService, ReminderProcessor, SentNoticeRepository],
  exports: [ReminderPlanningService, SentNoticeRepository],
})
export class RemindersModule {}
