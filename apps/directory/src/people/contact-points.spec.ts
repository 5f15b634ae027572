import type { ContactPoint } from '@ctip/contracts';
import { contactAddressProblem, withVerification } from './contact-points';

describe(contactAddressProblem.name, () => {
  it.each([
    ['email', 'focal.point@demo.example.org'],
    ['sms', '+99900110101'],
    ['sms', '+3732212345'],
    ['webhook', 'https://hooks.demo.example.org/odihr-atu'],
    ['webhook', 'http://localhost:8080/hook'],
    ['webhook', 'http://127.0.0.1/hook'],
  ] as const)('accepts a %s address %s', (channel, address) => {
    expect(contactAddressProblem(channel, address)).toBeUndefined();
  });

  it.each([
    ['email', 'not-an-email', /email address/],
    ['email', 'two@@demo.example.org', /email address/],
    ['sms', '0037322123456', /E\.164/],
    ['sms', '+373 22 123456', /E\.164/],
    ['sms', '+0123456789', /E\.164/],
    ['sms', '+12345', /E\.164/],
    ['sms', '+1234567890123456', /E\.164/],
    ['webhook', 'http://hooks.demo.example.org/x', /https/],
    ['webhook', 'ftp://hooks.demo.example.org/x', /https/],
    ['webhook', 'hooks.demo.example.org/x', /absolute https URL/],
    ['webhook', 'https://user:secret@hooks.demo.example.org/x', /user name or password/],
  ] as const)('rejects a %s address %s', (channel, address, reason) => {
    expect(contactAddressProblem(channel, address)).toMatch(reason);
  });

  it('never repeats the address in its reason, so the reason can be logged', () => {
    expect(contactAddressProblem('email', 'secret-person')).not.toContain('secret-person');
    expect(contactAddressProblem('sms', '+0999')).not.toContain('+0999');
  });
});

describe(withVerification.name, () => {
  const stored: ContactPoint[] = [
    { contactPointId: 'mail', channel: 'email', address: 'fp@demo.example.org', verified: true, priority: 0 },
    { contactPointId: 'phone', channel: 'sms', address: '+99900110101', verified: true, priority: 1 },
  ];

  it('keeps a contact point verified while its channel and address stay the same', () => {
    const next = withVerification(stored, [{ contactPointId: 'mail', channel: 'email', address: 'fp@demo.example.org', priority: 5 }]);
    expect(next).toEqual([{ contactPointId: 'mail', channel: 'email', address: 'fp@demo.example.org', verified: true, priority: 5 }]);
  });

  it('stores a changed address unverified', () => {
    const [mail] = withVerification(stored, [{ contactPointId: 'mail', channel: 'email', address: 'new@demo.example.org', priority: 0 }]);
    expect(mail.verified).toBe(false);
  });

  it('stores a new contact point unverified, even under an id that was used for another channel', () => {
    const next = withVerification(stored, [
      { contactPointId: 'phone', channel: 'webhook', address: '+99900110101', priority: 1 },
      { contactPointId: 'other', channel: 'email', address: 'fp@demo.example.org', priority: 2 },
    ]);
    expect(next.map((p) => p.verified)).toEqual([false, false]);
  });

  it('keeps an unverified contact point unverified', () => {
    const [mail] = withVerification(
      [{ ...stored[0], verified: false }],
      [{ contactPointId: 'mail', channel: 'email', address: 'fp@demo.example.org', priority: 0 }],
    );
    expect(mail.verified).toBe(false);
  });
});
