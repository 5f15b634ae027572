/** The first rebuild waits this long, each next one twice as long, up to REJOIN_MAX_DELAY_MS. */
const REJOIN_FIRST_DELAY_MS = 500;
const REJOIN_MAX_DELAY_MS = 10_000;

export type RejoinDecision = { rejoin: true; delayMs: number } | { rejoin: false; reason: string };

/**
 * What to do when kafkajs stopped a consumer for good: rebuild it when the error is kafkajs's own (a broker
 * or coordinator that went away, somewhere in its `cause` chain) and the outage is younger than `giveUpMs`.
 */
export function rejoinDecision(
  error: Error,
  outageSince: number | undefined,
  now: number,
  rejoins: number,
  giveUpMs: number,
): RejoinDecision {
  if (!fromKafkajs(error)) return { rejoin: false, reason: `${error.name}: ${error.message}` };
  if (outageSince !== undefined && now - outageSince >= giveUpMs) {
    return { rejoin: false, reason: `no consumer joined the group for ${Math.round((now - outageSince) / 1000)} s` };
  }
  return { rejoin: true, delayMs: Math.min(REJOIN_MAX_DELAY_MS, REJOIN_FIRST_DELAY_MS * 2 ** Math.min(rejoins, 10)) };
}

function fromKafkajs(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = (e as { cause?: unknown }).cause) if (e.name.startsWith('KafkaJS')) return true;
  return false;
}
