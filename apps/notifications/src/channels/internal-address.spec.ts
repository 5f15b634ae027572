import { classifyAddress, isForbiddenWebhookAddress } from './internal-address';

describe(classifyAddress.name, () => {
  it('classifies IPv4 addresses', () => {
    expect(
      [
        '127.0.0.1',
        '10.1.2.3',
        '172.16.0.1',
        '172.31.255.255',
        '192.168.1.1',
        '169.254.169.254',
        '100.64.0.1',
        '100.127.255.254',
        '0.0.0.0',
      ].map(classifyAddress),
    ).toEqual(['loopback', 'private', 'private', 'private', 'private', 'link-local', 'cgnat', 'cgnat', 'unspecified']);
    expect(['8.8.8.8', '172.32.0.1', '100.128.0.1', '192.169.0.1', '11.0.0.1'].map(classifyAddress)).toEqual(Array(5).fill('public'));
  });

  it('classifies IPv6 addresses, with or without brackets', () => {
    expect(['::1', '[::1]', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1'].map(classifyAddress)).toEqual([
      'loopback',
      'loopback',
      'unspecified',
      'link-local',
      'unique-local',
      'unique-local',
    ]);
    expect(['2001:4860:4860::8888', '2a00:1450::1'].map(classifyAddress)).toEqual(['public', 'public']);
  });

  it('sees through IPv4-mapped IPv6 addresses, dotted or in hex', () => {
    expect(['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.5', '::ffff:a9fe:a9fe', '::ffff:100.64.1.1'].map(classifyAddress)).toEqual([
      'loopback',
      'loopback',
      'private',
      'link-local',
      'cgnat',
    ]);
    expect(classifyAddress('::ffff:8.8.8.8')).toBe('public');
  });

  it('refuses what is not an IP address', () => {
    expect(() => classifyAddress('hooks.example.org')).toThrow('not an IP address');
  });
});

describe(isForbiddenWebhookAddress.name, () => {
  it('refuses every internal class in production, and all but loopback elsewhere', () => {
    expect(isForbiddenWebhookAddress('127.0.0.1', true)).toBe(true);
    expect(isForbiddenWebhookAddress('::ffff:127.0.0.1', true)).toBe(true);
    expect(isForbiddenWebhookAddress('127.0.0.1', false)).toBe(false);
    expect(isForbiddenWebhookAddress('::1', false)).toBe(false);
    expect(isForbiddenWebhookAddress('10.0.0.1', false)).toBe(true);
    expect(isForbiddenWebhookAddress('203.0.113.10', true)).toBe(false);
  });
});
