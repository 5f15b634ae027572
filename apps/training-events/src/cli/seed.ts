import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ctip/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { AttendanceRegisterRepository } from '../attendance/attendance-register.repository';
import { TrainingEventRepository } from '../events/training-event.repository';
import { RegistrationRepository } from '../participants/registration.repository';
import { TrainingSeeder } from './training-seeder';

/**
 * `node dist/apps/training-events/src/cli/seed.js`: loads the demo events of seeds 000–002 (Turkmenbashy
 * 2010, Vienna 2000, a training of trainers with one downstream training per mission, a roundtable) with
 * the service's own configuration, without starting HTTP. Idempotent; every event is marked demo.
 */
async function main(): Promise<void> {
  // As in launchService: kafkajs 2.2.4 schedules negative timeouts, which Node 24 reports harmlessly.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') console.error(`warning: ${warning.name}: ${warning.message}`);
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig(configSchema)), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  try {
    const report = await new TrainingSeeder(
      app.get(TrainingEventRepository),
      app.get(RegistrationRepository),
      app.get(AttendanceRegisterRepository),
    ).run();
    logger.log(`training seed done: events created=${report.created} updated=${report.updated} unchanged=${report.unchanged}`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(`training seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
