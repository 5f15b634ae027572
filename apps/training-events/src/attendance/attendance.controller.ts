import { Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ctip/auth';
import { ZodBody, ZodOperation, ZodParam } from '@ctip/http';
import {
  attendanceRegisterInputSchema,
  attendanceViewSchema,
  sessionRegisterViewSchema,
  type AttendanceRegisterInput,
} from './attendance.dto';
import { AttendanceService } from './attendance.service';
import { EVENT_ORGANISERS, EVENT_READERS } from './event-access';
import { eventIdParamSchema, sessionIdParamSchema } from './event-param.dto';

@ApiTags('attendance')
@ApiBearerAuth()
@Controller('events/:id')
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  @Put('sessions/:sessionId/attendance')
  @Roles(...EVENT_ORGANISERS)
  @ZodOperation({
    summary: 'Keep a session’s attendance register',
    description:
      'The organiser records present, absent or excused for participants holding a seat (422 naming each other participant), once the session started (409 with `current.startsAt` before); the register replaces the one kept before. 409 for a cancelled event.',
    responses: { 200: sessionRegisterViewSchema },
    errors: [403, 404, 409],
  })
  keep(
    @ZodParam('id', eventIdParamSchema) eventId: string,
    @ZodParam('sessionId', sessionIdParamSchema) sessionId: string,
    @ZodBody(attendanceRegisterInputSchema) body: AttendanceRegisterInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.attendance.keep(eventId, sessionId, body, principal);
  }

  @Get('attendance')
  @Roles(...EVENT_READERS)
  @ZodOperation({
    summary: 'Attendance rate per participant',
    description:
      'Over the sessions whose register was kept (an excused absence is not attendance). The organiser and coordinators see every participant holding a seat; a participant sees only themself.',
    responses: { 200: attendanceViewSchema },
    errors: [403, 404],
  })
  view(@ZodParam('id', eventIdParamSchema) eventId: string, @CurrentPrincipal() principal: Principal) {
    return this.attendance.view(eventId, principal);
  }
}
