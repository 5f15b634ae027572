import { BlockList, isIP } from 'node:net';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'cgnat' | 'unique-local' | 'unspecified';

/** Ranges a webhook must never reach from inside our network. IPv4 rules also match IPv4-mapped IPv6 (::ffff:a.b.c.d). */
const RANGES: [Exclude<AddressClass, 'public'>, BlockList][] = [
  [
    'unspecified',
    list([
      ['0.0.0.0', 8, 'ipv4'],
      ['::', 128, 'ipv6'],
    ]),
  ],
  [
    'loopback',
    list([
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ]),
  ],
  [
    'private',
    list([
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
    ]),
  ],
  [
    'link-local',
    list([
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ]),
  ],
  ['cgnat', list([['100.64.0.0', 10, 'ipv4']])],
  ['unique-local', list([['fc00::', 7, 'ipv6']])],
];

function list(subnets: [string, number, 'ipv4' | 'ipv6'][]): BlockList {
  const blocks = new BlockList();
  for (const [network, prefix, family] of subnets) blocks.addSubnet(network, prefix, family);
  return blocks;
}

/** What kind of address an IP literal is; anything that is not an IP address is an error. */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) throw new Error('not an IP address');
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return RANGES.find(([, blocks]) => blocks.check(bare, type))?.[0] ?? 'public';
}

/**
 * Whether an address is one a webhook may not reach. In production every internal class is refused;
 * elsewhere loopback stays allowed (tests and local receivers listen on 127.0.0.1).
 */
export function isForbiddenWebhookAddress(address: string, production: boolean): boolean {
  const kind = classifyAddress(address);
  if (kind === 'public') return false;
  return production || kind !== 'loopback';
}
