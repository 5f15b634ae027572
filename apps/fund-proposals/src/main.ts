import 'reflect-metadata';
import { loadConfig } from '@ctip/config';
import { runService, startService } from '@ctip/runtime';
import { AppModule, SERVICE_NAME } from './app.module';
import { configSchema } from './config';

runService(SERVICE_NAME, async () => {
  const config = loadConfig(configSchema);
  return startService({
    name: SERVICE_NAME,
    description: 'Anti-Trafficking Project Fund: rolling proposals, quarterly decisions, urgent fast-track.',
    module: AppModule.forRoot(config),
    port: config.PORT,
    host: config.HOST,
  });
});
