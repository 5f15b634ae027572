import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@ctip/auth';
import { ZodOperation, ZodQuery } from '@ctip/http';
import type { Page } from '@ctip/persistence';
import {
  publicProjectExportQuerySchema,
  publicProjectListQuerySchema,
  publicProjectPageSchema,
  publicStatisticsSchema,
  type PublicProjectExportQuery,
  type PublicProjectListQuery,
  type PublicProjectView,
} from './public-project.dto';
import { PublicProjectsService } from './public-projects.service';
import { PublicRateLimitGuard } from './public-rate-limit.guard';
import type { PublicStatistics } from './public-statistics';

const RATE_NOTE = 'No token. Rate-limited per client address: beyond the limit it answers 429 with `Retry-After`.';

@ApiTags('public')
@Public()
@UseGuards(PublicRateLimitGuard)
@Controller('public/projects')
export class PublicProjectsController {
  constructor(private readonly projects: PublicProjectsService) {}

  @Get()
  @ZodOperation({
    summary: 'List the supported projects',
    description: `Projects the Fund approved, newest approval first; follow \`nextCursor\` until it is null. ${RATE_NOTE}`,
    responses: { 200: publicProjectPageSchema },
    errors: [429, 503],
    public: true,
  })
  list(@ZodQuery(publicProjectListQuerySchema) query: PublicProjectListQuery): Promise<Page<PublicProjectView>> {
    return this.projects.list(query);
  }

  @Get('statistics')
  @ZodOperation({
    summary: 'Supported projects by country, activity type and year',
    description: `A project counts under each of its countries and activity types with its whole amount. ${RATE_NOTE}`,
    responses: { 200: publicStatisticsSchema },
    errors: [429, 503],
    public: true,
  })
  statistics(): Promise<PublicStatistics> {
    return this.projects.statistics();
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="atpf-supported-projects.csv"')
  @ZodOperation({
    summary: 'Export the supported projects as CSV',
    description: `RFC 4180 (quoted where needed, CRLF); a cell a spreadsheet would run as a formula is prefixed with an apostrophe. Amounts in major units. ${RATE_NOTE}`,
    responses: { 200: { schema: { type: 'string' }, contentType: 'text/csv' } },
    errors: [429, 503],
    public: true,
  })
  export(@ZodQuery(publicProjectExportQuerySchema) query: PublicProjectExportQuery): Promise<string> {
    return this.projects.csv(query);
  }
}
