import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { CarryOverService } from './carry-over.service';
import { ConfirmationProgressRepository } from './confirmation-progress.repository';
import { CycleCloseScheduler } from './cycle-close.scheduler';
import { CycleCloseService } from './cycle-close.service';
import { CycleJobsProcessor } from './cycle-jobs.processor';
import { CyclesController } from './cycles.controller';
import { CyclesService } from './cycles.service';
import { FundCycleRepository } from './fund-cycle.repository';
import { FundPeopleReader } from './fund-people.reader';
import { SlateConfirmationService } from './slate-confirmation.service';
import { SlateDecisionWriter } from './slate-decision.writer';
import { SlateLineRepository } from './slate-line.repository';
import { SlateController } from './slate.controller';
import { SlateService } from './slate.service';

/** Fund cycles: creation with carry-over, the quarterly close, the slate and the committee's confirmation. */
@Module({
  imports: [ProjectsModule],
  controllers: [CyclesController, SlateController],
  providers: [
    FundCycleRepository,
    ConfirmationProgressRepository,
    SlateLineRepository,
    FundPeopleReader,
    CarryOverService,
    CycleCloseScheduler,
    CyclesService,
    CycleCloseService,
    SlateService,
    SlateConfirmationService,
    SlateDecisionWriter,
    CycleJobsProcessor,
  ],
  exports: [FundCycleRepository, FundPeopleReader],
})
export class CyclesModule {}
