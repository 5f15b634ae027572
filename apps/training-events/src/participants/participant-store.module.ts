import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ExternalParticipantRepository } from './external-participant.repository';
import { EXTERNAL_PARTICIPANT_MODEL, externalParticipantSchema } from './external-participant.schema';
import { ParticipantDirectory } from './participant-directory';
import { RegistrationRepository } from './registration.repository';
import { REGISTRATION_MODEL, registrationSchema } from './registration.schema';

/** Registrations and external participants, shared by every module (reminders, attendance, certificates). */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: REGISTRATION_MODEL, schema: registrationSchema },
      { name: EXTERNAL_PARTICIPANT_MODEL, schema: externalParticipantSchema },
    ]),
  ],
  providers: [RegistrationRepository, ExternalParticipantRepository, ParticipantDirectory],
  exports: [RegistrationRepository, ExternalParticipantRepository, ParticipantDirectory, MongooseModule],
})
export class ParticipantStoreModule {}
