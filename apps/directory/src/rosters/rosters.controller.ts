import { Controller, Get, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { creationStatus, ZodBody, ZodOperation, ZodParam, ZodQuery } from '@ctip/http';
import type { Response } from 'express';
import { DIRECTORY_READERS, ROSTER_EDITORS } from '../common/access-policy';
import { directoryIdSchema } from '../common/directory-fields';
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
  @ZodOperation({
    summary: "Create or replace a field presence's duty roster",
    description:
      'Admins and coordinators may change any roster; a focal point only the rosters of presences in the countries of their token. Everyone named (covers included) must be an active person of this presence. Send the `revision` you read (none to create). A change publishes `directory.roster.changed.v1`; an unchanged roster answers 200 without a new revision or event.',
    responses: {
      200: { description: 'Replaced (or unchanged).', schema: rosterViewSchema },
      201: { description: 'Created.', schema: rosterViewSchema },
    },
    errors: [403, 404, 409, 422],
  })
  async put(
    @ZodParam('id', directoryIdSchema) id: string,
    @ZodBody(putRosterSchema) body: PutRoster,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RosterView> {
    const { roster, created } = await this.rosters.put(id, body, principal);
    response.status(creationStatus(created));
    return roster;
  }

  @Get('roster')
  @Roles(...DIRECTORY_READERS)
  @ZodOperation({ summary: "Read a field presence's duty roster", responses: { 200: rosterViewSchema }, errors: [403, 404] })
  get(@ZodParam('id', directoryIdSchema) id: string): Promise<RosterView> {
    return this.rosters.get(id);
  }

  @Get('on-duty')
  @Roles(...DIRECTORY_READERS)
  @ZodOperation({
    summary: 'Who is on duty for a field presence',
    description: 'The alerting order at a moment: absences skipped, covers in their place. Names and languages only, no contact details.',
    responses: { 200: onDutyViewSchema },
    errors: [403, 404],
  })
  onDuty(@ZodParam('id', directoryIdSchema) id: string, @ZodQuery(onDutyQuerySchema) query: OnDutyQuery): Promise<OnDutyView> {
    return this.rosters.onDuty(id, query.at !== undefined ? new Date(query.at) : new Date());
  }
}
