import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ctip/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { OrganisationsService } from '../organisations/organisations.service';
import { PeopleService } from '../people/people.service';
import { RostersService } from '../rosters/rosters.service';
import { DirectorySeeder } from './directory-seeder';

/**
 * `node dist/apps/directory/src/cli/seed.js`: loads the demo directory with the service's own
 * configuration (same environment as the service), without starting HTTP. Logs counts only, never
 * contact details. DEMO_WEBHOOK_BASE_URL points the demo webhooks at a receiver of your own (an https URL,
 * or http on localhost / 127.0.0.1), e.g. a local receiver in a benchmark.
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
    const report = await new DirectorySeeder(app.get(OrganisationsService), app.get(PeopleService), app.get(RostersService)).run(
      process.env.DEMO_WEBHOOK_BASE_URL || undefined,
    );
    const line = (name: string, t: { created: number; updated: number; unchanged: number }) =>
      `${name} created=${t.created} updated=${t.updated} unchanged=${t.unchanged}`;
    logger.log(
      `directory seed done: ${line('organisations', report.organisations)}; ${line('people', report.people)}; ${line('rosters', report.rosters)}; contact points verified=${report.contactPointsVerified}`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(`directory seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
