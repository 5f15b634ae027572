import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { provideInfrastructure } from '../infrastructure';
import { TEST_ENV_FILE } from './test-env-file';

export default async function globalSetup(): Promise<void> {
  const infra = await provideInfrastructure();
  Object.assign(process.env, infra);
  mkdirSync(dirname(TEST_ENV_FILE), { recursive: true });
  writeFileSync(TEST_ENV_FILE, JSON.stringify(infra));
  process.stderr.write(
    `\ntest infrastructure (${infra.INFRA_SOURCE}): kafka ${infra.KAFKA_BROKERS}, db ${infra.MONGO_URL}, redis ${infra.REDIS_URL}\n`,
  );
}
