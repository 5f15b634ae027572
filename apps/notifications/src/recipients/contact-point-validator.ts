import type { ContactChannel } from '../channels/notification-channel';

export type ContactPointVerdict = { ok: true } | { ok: false; reason: string };

const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Checks a contact point's address for its channel when the read model is built, so a bad address is
 * refused once, with a reason that never quotes the address, instead of failing every delivery later.
 */
export class ContactPointValidator {
  constructor(private readonly options: { allowHttpWebhooks: boolean }) {}

  check(channel: ContactChannel, address: string): ContactPointVerdict {
    switch (channel) {
      case 'email':
        return address.length <= 254 && EMAIL.test(address) ? { ok: true } : { ok: false, reason: 'not a valid email address' };
      case 'sms':
        return E164.test(address) ? { ok: true } : { ok: false, reason: 'not an E.164 phone number' };
      case 'webhook':
        return this.checkWebhook(address);
    }
  }

  private checkWebhook(address: string): ContactPointVerdict {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return { ok: false, reason: 'not a valid URL' };
    }
    const allowed = this.options.allowHttpWebhooks ? ['https:', 'http:'] : ['https:'];
    if (!allowed.includes(url.protocol)) return { ok: false, reason: `webhook URL must use ${allowed.join(' or ')}` };
    if (url.username || url.password) return { ok: false, reason: 'webhook URL must not carry credentials' };
    if (url.hash) return { ok: false, reason: 'webhook URL must not have a fragment' };
    return { ok: true };
  }
}
