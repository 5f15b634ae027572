import { releaseInfrastructure } from '../infrastructure';

// Stops what the global setup started (Testcontainers, or the scripts/infra servers it found stopped);
// servers that were running before the run keep running.
export default async function globalTeardown(): Promise<void> {
  await releaseInfrastructure();
}
