import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TrainingEventRepository } from './training-event.repository';
import { TRAINING_EVENT_MODEL, trainingEventSchema } from './training-event.schema';
import { TrainingNotices } from './training-notices';

/** The event aggregate every module of the service shares (events, participants, reminders, attendance, cascade). */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: TRAINING_EVENT_MODEL, schema: trainingEventSchema }])],
  providers: [TrainingEventRepository, TrainingNotices],
  exports: [TrainingEventRepository, TrainingNotices, MongooseModule],
})
export class EventStoreModule {}
