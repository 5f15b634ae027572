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
   * no choice made, every channel the person can be reached on plus in-app. `offered` (the kind's channels
   * for the notice's urgency) bounds both: a channel it leaves out is never used, whatever was chosen.
   */
  primary(
    contactPoints: readonly PlannableContactPoint[],
    chosen: readonly DeliveryChannel[] | undefined,
    offered?: readonly DeliveryChannel[],
  ): DeliveryChannel[] {
    const reachable = this.contactChannels(contactPoints);
    const planned = chosen
      ? chosen.filter((channel) => channel === 'in-app' || (reachable as DeliveryChannel[]).includes(channel))
      : [...reachable, 'in-app' as const];
    return offered ? planned.filter((channel) => offered.includes(channel)) : planned;
  }

  /** The next channel by contact point priority that this notification has not used yet (and its kind offers). */
  fallback(
    contactPoints: readonly PlannableContactPoint[],
    used: ReadonlySet<DeliveryChannel>,
    offered?: readonly DeliveryChannel[],
  ): ContactChannel | undefined {
    return this.contactChannels(contactPoints).find((channel) => !used.has(channel) && (!offered || offered.includes(channel)));
  }
}
