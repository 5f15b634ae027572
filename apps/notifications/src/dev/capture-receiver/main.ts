import { z } from 'zod';
import { parseSigningKeys } from '../../channels/webhook-signature';
import { DEV_WEBHOOK_SIGNING_KEYS } from '../../config';
import { CaptureReceiver } from './capture-receiver';

/**
 * `node dist/apps/notifications/src/dev/capture-receiver/main.js`: the local SMS gateway and webhook receiver `npm start` runs.
 * CAPTURE_PORT (0: any free port), CAPTURE_LOG_FILE; WEBHOOK_SIGNING_KEYS as given to the notifications
 * service (default: its development key). Prints its address once it listens.
 */
const settings = z.object({
  CAPTURE_PORT: z.coerce.number().int().min(0).max(65535).default(3006),
  CAPTURE_LOG_FILE: z.string().min(1),
  WEBHOOK_SIGNING_KEYS: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).default(DEV_WEBHOOK_SIGNING_KEYS)),
});

async function main(): Promise<void> {
  const parsed = settings.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  const config = parsed.data;
  const receiver = await new CaptureReceiver({
    port: config.CAPTURE_PORT,
    logFile: config.CAPTURE_LOG_FILE,
    signingKeys: parseSigningKeys(config.WEBHOOK_SIGNING_KEYS),
  }).start();
  process.stdout.write(`capture receiver listening on ${receiver.url} (log: ${config.CAPTURE_LOG_FILE})\n`);
  const stop = () => void receiver.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`capture receiver failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
