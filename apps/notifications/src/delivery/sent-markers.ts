import type { Redis } from 'ioredis';

const TTL_MS = 7 * 24 * 3600_000;

/**
 * A Redis key written the moment a channel accepted a message, before the (slower) database update.
 * When a worker dies between the two, the delivery that takes over finds the key and does not resend:
 * the unguarded window shrinks from a database round trip to a Redis one.
 */
export class SentMarkers {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The marker's key (DeliveryClaims reads it in the claim's own round trip). */
  key(notificationId: string): string {
    return `${this.prefix}:sent:${notificationId}`;
  }

  async mark(notificationId: string): Promise<void> {
    await this.redis.set(this.key(notificationId), '1', 'PX', TTL_MS);
  }

  async wasSent(notificationId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(notificationId))) === 1;
  }
}
