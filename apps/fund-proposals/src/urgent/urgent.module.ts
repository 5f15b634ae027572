import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { UrgentEscalationService } from './urgent-escalation.service';
import { UrgentSchedulerConsumer } from './urgent-scheduler.consumer';
import { UrgentController } from './urgent.controller';
import { UrgentProcessor } from './urgent.processor';
import { UrgentService } from './urgent.service';

/** The urgent fast-track: request, four-eyes decision from the urgent reserve, reminder and escalation. */
@Module({
  imports: [CyclesModule],
  controllers: [UrgentController, UrgentSchedulerConsumer],
  providers: [UrgentService, UrgentEscalationService, UrgentProcessor],
})
export class UrgentModule {}
