import 'reflect-metadata';
import { launchService } from '@ctip/runtime';
import { AppModule, SERVICE_NAME } from './app.module';
import { configSchema } from './config';

launchService({
  name: SERVICE_NAME,
  description: 'Rapid-response case coordination: urgent case reports, alert routing, acknowledgement and escalation, referrals.',
  configSchema,
  module: (config) => AppModule.forRoot(config),
});
