import { Module, type DynamicModule } from '@nestjs/common';
import { backboneModules } from '@ctip/runtime';
import { TRAINING_CONFIG, type TrainingEventsConfig } from './config';
import { DirectoryViewModule } from './directory-view/directory-view.module';
import { EventStoreModule } from './events/event-store.module';
import { EventsModule } from './events/events.module';
import { NominationsModule } from './nominations/nominations.module';
import { ParticipantStoreModule } from './participants/participant-store.module';
import { ParticipantsModule } from './participants/participants.module';
import { RemindersModule } from './reminders/reminders.module';
import { FeedbackModule } from './feedback/feedback.module';
import { AttendanceModule } from './attendance/attendance.module';
import { CertificatesModule } from './certificates/certificates.module';
import { CascadeModule } from './cascade/cascade.module';

export const SERVICE_NAME = 'training-events';

@Module({})
export class AppModule {
  static forRoot(config: TrainingEventsConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ...backboneModules(SERVICE_NAME, config),
        // The service's modules, one a line
        EventStoreModule,
        ParticipantStoreModule,
        DirectoryViewModule,
        EventsModule,
        ParticipantsModule,
        NominationsModule,
        RemindersModule,
        FeedbackModule,
        AttendanceModule,
        CertificatesModule,
        CascadeModule,
      ],
      providers: [{ provide: TRAINING_CONFIG, useValue: config }],
      exports: [TRAINING_CONFIG],
    };
  }
}
