import 'reflect-metadata';
import { launchService } from '@ctip/runtime';
import { AppModule, SERVICE_NAME } from './app.module';
import { configSchema } from './config';

launchService({
  name: SERVICE_NAME,
  description:
    'Directory of field presences, the coordination unit, partner organisations, their staff and contact points, and the duty rosters that say who answers for a field presence at any moment. Every change is published as a full-state `directory.*.changed.v1` event.',
  configSchema,
  module: (config) => AppModule.forRoot(config),
});
