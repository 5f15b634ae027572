import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { DutyRotaController } from './duty-rota.controller';
import { DutyRotaRepository } from './duty-rota.repository';
import { DutyRotaService } from './duty-rota.service';
import { UrgentEscalationService } from './urgent-escalation.service';
import { UrgentSchedulerConsumer } from './urgent-scheduler.consumer';
import { UrgentController } from './urgent.controller';
import { UrgentProcessor } from './urgent.processor';
import { UrgentService } from './urgent.service';

/** The urgent fast-track: its duty rota, request, four-eyes decision from the urgent reserve, reminder and escalation. */
@Module({
  imports: [CyclesModule],
  controllers: [UrgentController, DutyRotaController, UrgentSchedulerConsumer],
  providers: [DutyRotaRepository, DutyRotaService, UrgentService, UrgentEscalationService, UrgentProcessor],
})
export class UrgentModule {}
