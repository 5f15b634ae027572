import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';
import { InboxStreamService } from './inbox-stream.service';

@Module({
  controllers: [InboxController],
  providers: [InboxRepository, InboxService, InboxStreamService],
  exports: [InboxService],
})
export class InboxModule {}
