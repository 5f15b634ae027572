import { Controller, Get, HttpCode, Post, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@ctip/auth';
import { pageQuerySchema, ZodOperation, ZodParam, ZodQuery } from '@ctip/http';
import type { Page } from '@ctip/persistence';
import type { Observable } from 'rxjs';
import { z } from 'zod';
import { inboxItemIdSchema, inboxPageSchema } from './inbox.dto';
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
  @ZodOperation({ summary: 'My in-app notifications, newest first; `cursor` from the previous page', responses: { 200: inboxPageSchema } })
  list(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(inboxQuerySchema) query: z.output<typeof inboxQuerySchema>,
  ): Promise<Page<InboxItem>> {
    return this.inbox.page(principal.subject, query);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ZodOperation({ summary: 'Mark one of my notifications read', responses: { 204: { description: 'Marked read.' } }, errors: [404] })
  async markRead(@CurrentPrincipal() principal: Principal, @ZodParam('id', inboxItemIdSchema) id: string): Promise<void> {
    await this.inbox.markRead(principal.subject, id);
  }

  @Sse('stream')
  @ZodOperation({
    summary: 'Server-sent events: `inbox-item` for each new item, `heartbeat` every 25 s',
    responses: { 200: { description: 'An endless event stream.', contentType: 'text/event-stream', schema: { type: 'string' } } },
  })
  live(@CurrentPrincipal() principal: Principal): Observable<MessageEvent> {
    return this.stream.streamFor(principal.subject);
  }
}
