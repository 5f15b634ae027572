import { Module } from '@nestjs/common';
import { InvitationsService } from './invitations.service';
import { RegistrationQueryService } from './registration-query.service';
import { RegistrationSync } from './registration-sync';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { SeatOfferProcessor } from './seat-offer.processor';
import { SeatOfferScheduler } from './seat-offer.scheduler';

/** Invitations, registration (accept, decline, withdraw), the waitlist and its seat offers. */
@Module({
  controllers: [RegistrationsController],
  providers: [InvitationsService, RegistrationsService, RegistrationQueryService, RegistrationSync, SeatOfferScheduler, SeatOfferProcessor],
  exports: [RegistrationsService, RegistrationSync],
})
export class ParticipantsModule {}
