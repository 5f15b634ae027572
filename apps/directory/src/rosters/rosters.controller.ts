import { Body, Controller, Get, HttpStatus, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, ZodValidationPipe } from '@ctip/http';
import type { Response } from 'express';
import { DIRECTORY_READERS, ROSTER_EDITORS } from '../common/access-policy';
import { ApiProblems, schemaOf } from '../common/api-docs';
import {
  onDutyQuerySchema,
  onDutyViewSchema,
  putRosterSchema,
  rosterViewSchema,
  type OnDutyQuery,
  type OnDutyView,
  type PutRoster,
  type RosterView,
} from './roster.dto';
import { RostersService } from './rosters.service';

@ApiTags('rosters')
@ApiBearerAuth()
@Controller('presences/:id')
export class RostersController {
  constructor(private readonly rosters: RostersService) {}

  @Put('roster')
  @Roles(...ROSTER_EDITORS)
  @ApiOperation({
    summary: "Create or replace a field presence's duty roster",
    description:
      'Admins and coordinators may change any roster; a focal point only the rosters of presences in the countries of their token. Everyone named (covers included) must be an active person of this presence. Send the `revision` you read (none to create). A change publishes `directory.roster.changed.v1`; an unchanged roster answers 200 without a new revision or event.',
  })
  @ApiBody({ schema: schemaOf(putRosterSchema) })
  @ApiOkResponse({ description: 'Replaced (or unchanged).', schema: schemaOf(rosterViewSchema) })
  @ApiResponse({ status: HttpStatus.CREATED, description: 'Created.', schema: schemaOf(rosterViewSchema) })
  @ApiProblems(400, 404, 409, 422)
  async put(
    @Param('id') id: string,
    @Body(new ZodValidationPipe(putRosterSchema)) body: PutRoster,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RosterView> {
    const { roster, created } = await this.rosters.put(id, body, principal);
    response.status(creationStatus(created));
    return roster;
  }

  @Get('roster')
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: "Read a field presence's duty roster" })
  @ApiOkResponse({ schema: schemaOf(rosterViewSchema) })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<RosterView> {
    return this.rosters.get(id);
  }

  @Get('on-duty')
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({
    summary: 'Who is on duty for a field presence',
    description: 'The alerting order at a moment: absences skipped, covers in their place. Names and languages only, no contact details.',
  })
  @ApiQuery({ name: 'at', required: false, description: 'ISO 8601 date-time; now if left out.' })
  @ApiOkResponse({ schema: schemaOf(onDutyViewSchema) })
  @ApiProblems(400, 404)
  onDuty(@Param('id') id: string, @Query(new ZodValidationPipe(onDutyQuerySchema)) query: OnDutyQuery): Promise<OnDutyView> {
    return this.rosters.onDuty(id, query.at !== undefined ? new Date(query.at) : new Date());
  }
}
