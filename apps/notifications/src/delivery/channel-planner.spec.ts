import type { DeliveryChannel } from '../channels/notification-channel';
import { ChannelPlanner } from './channel-planner';

describe(ChannelPlanner.name, () => {
  const all = new ChannelPlanner(new Set<DeliveryChannel>(['email', 'sms', 'webhook', 'in-app']));
  const points = [
    { channel: 'webhook' as const, priority: 2 },
    { channel: 'email' as const, priority: 1 },
    { channel: 'sms' as const, priority: 0 },
    { channel: 'email' as const, priority: 5 },
  ];

  it('orders channels by their best contact point priority', () => {
    expect(all.contactChannels(points)).toEqual(['sms', 'email', 'webhook']);
  });

  it('notifies on every reachable channel plus in-app when the person chose nothing', () => {
    expect(all.primary(points, undefined)).toEqual(['sms', 'email', 'webhook', 'in-app']);
    expect(all.primary([], undefined)).toEqual(['in-app']);
  });

  it('keeps the person’s chosen channels that can be reached', () => {
    expect(all.primary([{ channel: 'email', priority: 0 }], ['sms', 'email', 'in-app'])).toEqual(['email', 'in-app']);
  });

  it('uses only the channels the kind offers for the urgency, whatever the person chose', () => {
    const offered = ['email', 'in-app'] as const;
    expect(all.primary(points, undefined, offered)).toEqual(['email', 'in-app']);
    expect(all.primary(points, ['sms', 'in-app'], offered)).toEqual(['in-app']);
    expect(all.fallback(points, new Set(['email', 'in-app']), offered)).toBeUndefined();
    expect(all.fallback(points, new Set(['email']), ['email', 'sms', 'in-app'])).toBe('sms');
  });

  it('falls back to the next channel by priority that the notification has not used', () => {
    expect(all.fallback(points, new Set(['email', 'in-app']))).toBe('sms');
    expect(all.fallback(points, new Set(['sms', 'email']))).toBe('webhook');
    expect(all.fallback(points, new Set(['sms', 'email', 'webhook']))).toBeUndefined();
  });

  it('never plans a disabled channel (SMS without a gateway)', () => {
    const noSms = new ChannelPlanner(new Set<DeliveryChannel>(['email', 'webhook', 'in-app']));
    expect(noSms.primary(points, undefined)).toEqual(['email', 'webhook', 'in-app']);
    expect(noSms.fallback(points, new Set(['email']))).toBe('webhook');
  });
});
