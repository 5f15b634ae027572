import 'reflect-metadata';
import { loadConfig } from '@ctip/config';
import { runService, startService } from '@ctip/runtime';
import { AppModule, SERVICE_NAME } from './app.module';
import { configSchema } from './config';

runService(SERVICE_NAME, async () => {
  const config = loadConfig(configSchema);
  return startService({
    name: SERVICE_NAME,
    description: 'Trainings, training-of-trainers, meetings and conferences with their participants.',
    module: AppModule.forRoot(config),
    port: config.PORT,
    host: config.HOST,
  });
});
