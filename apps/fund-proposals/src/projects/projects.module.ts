import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ChangeRequestsController } from './change-requests.controller';
import { ChangeRequestsService } from './change-requests.service';
import { ProjectClosureService } from './project-closure.service';
import { PublicModule } from '../public/public.module';
import { ProjectOpeningConsumer } from './project-opening.consumer';
import { ProjectOpeningService } from './project-opening.service';
import { ProjectQueryService } from './project-query.service';
import { ProjectReportsController } from './project-reports.controller';
import { ProjectReportsService } from './project-reports.service';
import { ProjectSetupService } from './project-setup.service';
import { ProjectRepository } from './project.repository';
import { PROJECT_MODEL, projectSchema } from './project.schema';
import { ProjectsController } from './projects.controller';
import { ReportReminderProcessor } from './report-reminder.processor';
import { ReportRemindersService } from './report-reminders.service';

/** After approval: projects opened from approvals, their agreement, tranches, reports, change requests and closure. */
@Module({
  imports: [MongooseModule.forFeature([{ name: PROJECT_MODEL, schema: projectSchema }]), PublicModule],
  controllers: [
    ProjectsController,
    ProjectReportsController,
    ChangeRequestsController,
    // Kafka event handlers (@EventPattern), served by the event transport
    ProjectOpeningConsumer,
  ],
  providers: [
    ProjectRepository,
    ProjectOpeningService,
    ProjectQueryService,
    ProjectSetupService,
    ProjectReportsService,
    ReportRemindersService,
    ReportReminderProcessor,
    ChangeRequestsService,
    ProjectClosureService,
  ],
  exports: [ProjectOpeningService],
})
export class ProjectsModule {}
