import { Controller, Get, HttpCode, Param, Post, Query, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@ctip/auth';
import { pageQuerySchema, ZodValidationPipe } from '@ctip/http';
import type { Page } from '@ctip/persistence';
import type { Observable } from 'rxjs';
import { z } from 'zod';
import type { InboxItem } from './inbox.repository';
import { InboxService } from './inbox.service';
import { InboxStreamService } from './inbox-stream.service';

const inboxQuerySchema = pageQuerySchema
  .extend({
    unread: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();

/** The caller's own in-app notifications (token subject = personId). */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('me/inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly stream: InboxStreamService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My in-app notifications, newest first; `cursor` from the previous page' })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(inboxQuerySchema)) query: z.output<typeof inboxQuerySchema>,
  ): Promise<Page<InboxItem>> {
    return this.inbox.page(principal.subject, query);
  }

  @Post(':id/read')
  @HttpCode(204)
  async markRead(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.inbox.markRead(principal.subject, id);
  }

  @Sse('stream')
  @ApiOperation({ summary: 'Server-sent events: `inbox-item` for each new item, `heartbeat` every 25 s' })
  live(@CurrentPrincipal() principal: Principal): Observable<MessageEvent> {
    return this.stream.streamFor(principal.subject);
  }
}
