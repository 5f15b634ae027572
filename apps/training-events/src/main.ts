import 'reflect-metadata';
import { launchService } from '@ctip/runtime';
import { AppModule, SERVICE_NAME } from './app.module';
import { configSchema } from './config';

launchService({
  name: SERVICE_NAME,
  description: 'Trainings, training-of-trainers, meetings and conferences with their participants.',
  configSchema,
  module: (config) => AppModule.forRoot(config),
});
