import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ctip/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { configSchema } from '../config';
import { ProposalVersionRepository } from '../proposals/proposal-version.repository';
import { ProposalRepository } from '../proposals/proposal.repository';
import { PublicProjectRepository } from '../public/public-project.repository';
import { FundSeeder } from './fund-seeder';

/**
 * `node dist/apps/fund-proposals/src/cli/seed.js`: loads the fund's demo data (supported projects of
 * 2001–2003, open proposals of the current cycle) with the service's own configuration, without
 * starting HTTP. Idempotent; every record is marked demo. Run it after the directory seed.
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
    const { projects, proposals } = await new FundSeeder(
      app.get(PublicProjectRepository),
      app.get(ProposalRepository),
      app.get(ProposalVersionRepository),
    ).run();
    logger.log(
      `fund seed done: supported projects created=${projects.created} updated=${projects.updated} unchanged=${projects.unchanged}; open proposals created=${proposals.created} unchanged=${proposals.unchanged}`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(`fund seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
