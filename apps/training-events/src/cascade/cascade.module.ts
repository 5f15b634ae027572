import { Module } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module';
import { CascadeTrainerCheck } from './cascade-trainer.check';
import { CascadeController } from './cascade.controller';
import { CascadeService } from './cascade.service';

/** The training-of-trainers cascade report, and the check that an event's trainers were trained where it cascades from. */
@Module({
  imports: [AttendanceModule],
  controllers: [CascadeController],
  providers: [CascadeService, CascadeTrainerCheck],
  exports: [CascadeTrainerCheck],
})
export class CascadeModule {}
