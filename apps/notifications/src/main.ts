import 'reflect-metadata';
import { launchService } from '@ctip/runtime';
import { AppModule, SERVICE_NAME } from './app.module';
import { configSchema } from './config';

launchService({
  name: SERVICE_NAME,
  description: 'Delivers alerts and notices by email, SMS, webhook and in-app, in each recipient’s own language.',
  configSchema,
  module: (config) => AppModule.forRoot(config),
});
