import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ctip/auth';
import { ZodOperation, ZodParam } from '@ctip/http';
import type { CycleReport } from './cycle-report';
import { cycleIdParamSchema, cycleReportSchema } from './cycle-report.dto';
import { CycleReportsService } from './cycle-reports.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports/cycles')
export class CycleReportsController {
  constructor(private readonly reports: CycleReportsService) {}

  @Get(':cycleId')
  @Roles('fund-officer', 'coordinator')
  @ZodOperation({
    summary: 'Report on a fund cycle (for ODIHR)',
    description:
      'Proposals received and decided, amounts approved, the envelope committed against available, time to decision (median, 90th percentile) and whether urgent requests kept their SLA.',
    responses: { 200: cycleReportSchema },
    errors: [403],
  })
  report(@ZodParam('cycleId', cycleIdParamSchema) cycleId: string): Promise<CycleReport> {
    return this.reports.report(cycleId);
  }
}
