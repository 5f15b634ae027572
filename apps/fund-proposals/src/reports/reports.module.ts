import { Module } from '@nestjs/common';
import { CycleReportsController } from './cycle-reports.controller';
import { CycleReportsService } from './cycle-reports.service';

/** Per-cycle reports for ODIHR (fund officers, coordinator). */
@Module({
  controllers: [CycleReportsController],
  providers: [CycleReportsService],
})
export class ReportsModule {}
