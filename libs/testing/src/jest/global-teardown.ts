import { releaseInfrastructure } from '../infrastructure';

// Testcontainers are stopped; servers from scripts/infra stay up for the next run (they are reused).
export default async function globalTeardown(): Promise<void> {
  await releaseInfrastructure();
}
