import { Module } from '@nestjs/common';
import { CascadeModule } from '../cascade/cascade.module';
import { ParticipantsModule } from '../participants/participants.module';
import { RemindersModule } from '../reminders/reminders.module';
import { EventQueryService } from './event-query.service';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/** Events: create, read, list, change (versioned), cancel. */
@Module({
  imports: [ParticipantsModule, RemindersModule, CascadeModule],
  controllers: [EventsController],
  providers: [EventsService, EventQueryService],
  exports: [EventQueryService],
})
export class EventsModule {}
