import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module';
import { contactSealProvider } from './contact-seal.provider';
import { ExternalParticipantsController } from './external-participants.controller';
import { ExternalParticipantsService } from './external-participants.service';
import { InvitationsService } from './invitations.service';
import { RegistrationQueryService } from './registration-query.service';
import { RegistrationSync } from './registration-sync';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { SeatOfferProcessor } from './seat-offer.processor';
import { SeatOfferScheduler } from './seat-offer.scheduler';

/** Invitations, external participants, registration (accept, decline, withdraw), the waitlist and its seat offers. */
@Module({
  imports: [RemindersModule],
  controllers: [RegistrationsController, ExternalParticipantsController],
  providers: [
    contactSealProvider,
    ExternalParticipantsService,
    InvitationsService,
    RegistrationsService,
    RegistrationQueryService,
    RegistrationSync,
    SeatOfferScheduler,
    SeatOfferProcessor,
  ],
  exports: [RegistrationsService, RegistrationSync, ExternalParticipantsService],
})
export class ParticipantsModule {}
