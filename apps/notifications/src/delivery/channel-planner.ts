import type { ContactChannel, DeliveryChannel } from '../channels/notification-channel';

interface PlannableContactPoint {
  channel: ContactChannel;
  priority: number;
}

/** Which channels a notification goes to first, and where an urgent one falls back when a channel fails. */
export class ChannelPlanner {
  constructor(private readonly enabled: ReadonlySet<DeliveryChannel>) {}

  /** Channels of the person's contact points, ordered by their best (lowest) priority. */
  contactChannels(contactPoints: readonly PlannableContactPoint[]): ContactChannel[] {
    const best = new Map<ContactChannel, number>();
    for (const point of contactPoints) best.set(point.channel, Math.min(best.get(point.channel) ?? Infinity, point.priority));
    return [...best.entries()]
      .sort((a, b) => a[1] - b[1])
      .map(([channel]) => channel)
      .filter((channel) => this.enabled.has(channel));
  }

  /**
   * The chosen channels that can be used (in-app always can; the others need a contact point), or, with
   * no choice made, every channel the person can be reached on plus in-app.
   */
  primary(contactPoints: readonly PlannableContactPoint[], chosen: readonly DeliveryChannel[] | undefined): DeliveryChannel[] {
    const reachable = this.contactChannels(contactPoints);
    if (!chosen) return [...reachable, 'in-app'];
    return chosen.filter((channel) => channel === 'in-app' || (reachable as DeliveryChannel[]).includes(channel));
  }

  /** The next channel by contact point priority that this notification has not used yet. */
  fallback(contactPoints: readonly PlannableContactPoint[], used: ReadonlySet<DeliveryChannel>): ContactChannel | undefined {
    return this.contactChannels(contactPoints).find((channel) => !used.has(channel));
  }
}
