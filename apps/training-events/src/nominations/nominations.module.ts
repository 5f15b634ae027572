import { Module } from '@nestjs/common';
import { ParticipantsModule } from '../participants/participants.module';
import { NominationDecisionService } from './nomination-decision.service';
import { NominationsController } from './nominations.controller';
import { NominationsService } from './nominations.service';

/** Nomination requests to institutions with quotas per institution and country, nominations and their approval. */
@Module({
  imports: [ParticipantsModule],
  controllers: [NominationsController],
  providers: [NominationsService, NominationDecisionService],
})
export class NominationsModule {}
