import 'reflect-metadata';
import { launchService } from '@ctip/runtime';
import { AppModule, SERVICE_NAME } from './app.module';
import { configSchema } from './config';

launchService({
  name: SERVICE_NAME,
  description: 'Anti-Trafficking Project Fund: rolling proposals, quarterly decisions, urgent fast-track.',
  configSchema,
  module: (config) => AppModule.forRoot(config),
});
