import { Module } from '@nestjs/common';
import { ConsultationReminderSchedulerConsumer } from './consultation-reminder-scheduler.consumer';
import { ConsultationReminderProcessor } from './consultation-reminder.processor';
import { ConsultationService } from './consultation.service';
import { ProposalQueryService } from './proposal-query.service';
import { ProposalVersionRepository } from './proposal-version.repository';
import { ProposalsController } from './proposals.controller';
import { ProposalsService } from './proposals.service';
import { ScreeningService } from './screening.service';

/** Proposals: drafts, submissions and versions, design consultation, screening. */
@Module({
  controllers: [
    ProposalsController,
    // Kafka event handlers (@EventPattern), served by the event transport
    ConsultationReminderSchedulerConsumer,
  ],
  providers: [
    ProposalsService,
    ProposalQueryService,
    ProposalVersionRepository,
    ConsultationService,
    ScreeningService,
    ConsultationReminderProcessor,
  ],
  exports: [ProposalQueryService, ProposalVersionRepository],
})
export class ProposalsModule {}
