import { PermanentChannelError, TransientChannelError } from './channel-errors';
import { INTERNAL_TARGET_REASON, WebhookTargetGuard, type HostLookup } from './webhook-target-guard';

describe(WebhookTargetGuard.name, () => {
  const dns: Record<string, string[]> = {
    'hooks.ngo.example': ['203.0.113.10', '2001:db8:1::10'],
    'split.example': ['203.0.113.11', '10.0.0.7'],
    'mapped.example': ['::ffff:169.254.169.254'],
    localhost: ['127.0.0.1', '::1'],
  };
  const lookup: HostLookup = async (host) => {
    if (/^[\d.]+$|:/.test(host)) return [{ address: host, family: host.includes(':') ? 6 : 4 }];
    const found = dns[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const production = new WebhookTargetGuard(true, lookup);

  it('lets a public target through', async () => {
    await expect(production.assertAllowed('https://hooks.ngo.example/ctip')).resolves.toBeUndefined();
  });

  it('refuses a target if any of its addresses is internal, as a permanent failure that does not quote it', async () => {
    for (const url of [
      'https://split.example/x',
      'https://mapped.example/x',
      'https://localhost/x',
      'https://[::1]:8443/x',
      'https://10.1.1.1/x',
    ]) {
      const refusal = await production.assertAllowed(url).catch((error: unknown) => error);
      expect(refusal).toEqual(new PermanentChannelError(INTERNAL_TARGET_REASON));
    }
  });

  it('treats a name that does not resolve as transient at send time, and lets it into the read model', async () => {
    await expect(production.assertAllowed('https://nowhere.example/x')).rejects.toEqual(
      new TransientChannelError('webhook target could not be resolved (ENOTFOUND)'),
    );
    expect(await production.refuses('https://nowhere.example/x')).toBe(false);
    expect(await production.refuses('https://split.example/x')).toBe(true);
  });

  it('allows loopback outside production, but not other internal addresses', async () => {
    const development = new WebhookTargetGuard(false, lookup);
    await expect(development.assertAllowed('http://127.0.0.1:9000/hook')).resolves.toBeUndefined();
    await expect(development.assertAllowed('http://localhost:9000/hook')).resolves.toBeUndefined();
    await expect(development.assertAllowed('http://192.168.1.20/hook')).rejects.toThrow(INTERNAL_TARGET_REASON);
  });
});
