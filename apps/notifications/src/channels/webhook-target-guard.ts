import { lookup as dnsLookup } from 'node:dns/promises';
import { isForbiddenWebhookAddress } from './internal-address';
import { PermanentChannelError, TransientChannelError } from './channel-errors';

export type HostLookup = (hostname: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

export const INTERNAL_TARGET_REASON = 'webhook target is an internal address';

/**
 * Keeps webhooks away from our own network (SSRF): a URL whose host resolves to any loopback, private,
 * link-local, CGNAT, unique-local or unspecified address is refused — all of them, since a client may
 * connect to any. Outside production loopback stays allowed.
 */
export class WebhookTargetGuard {
  constructor(
    private readonly production: boolean,
    private readonly lookup: HostLookup = (hostname, options) => dnsLookup(hostname, options),
  ) {}

  /** At send time: PermanentChannelError for an internal target, TransientChannelError when the name does not resolve. */
  async assertAllowed(url: string): Promise<void> {
    let addresses: string[];
    try {
      addresses = await this.resolve(url);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unknown';
      throw new TransientChannelError(`webhook target could not be resolved (${code})`);
    }
    if (this.forbidden(addresses)) throw new PermanentChannelError(INTERNAL_TARGET_REASON);
  }

  /**
   * When the read model is built: whether the URL is known to reach an internal address. A name that
   * does not resolve now is let through; the send-time check refuses it if it later resolves inside.
   */
  async refuses(url: string): Promise<boolean> {
    try {
      return this.forbidden(await this.resolve(url));
    } catch {
      return false;
    }
  }

  private async resolve(url: string): Promise<string[]> {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return (await this.lookup(host, { all: true })).map((entry) => entry.address);
  }

  private forbidden(addresses: string[]): boolean {
    return addresses.length === 0 || addresses.some((address) => isForbiddenWebhookAddress(address, this.production));
  }
}
