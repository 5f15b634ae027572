import { ContactPointValidator } from './contact-point-validator';

describe(ContactPointValidator.name, () => {
  const strict = new ContactPointValidator({ allowHttpWebhooks: false });

  it('accepts well-formed addresses for each channel', () => {
    expect(strict.check('email', 'focal.point+alerts@mission.osce.example')).toEqual({ ok: true });
    expect(strict.check('sms', '+37360000000')).toEqual({ ok: true });
    expect(strict.check('webhook', 'https://hooks.ngo.example/ctip?token=abc')).toEqual({ ok: true });
  });

  it('rejects malformed ones with a reason that does not quote the address', () => {
    for (const [channel, address] of [
      ['email', 'no-at-sign.example'],
      ['email', 'a@b'],
      ['email', 'x@example.org\r\nBcc: y@example.org'],
      ['sms', '060000000'],
      ['sms', '+0123456789'],
      ['webhook', 'http://hooks.ngo.example/x'],
      ['webhook', 'https://user:pass@hooks.ngo.example/x'],
      ['webhook', 'not a url'],
    ] as const) {
      const verdict = strict.check(channel, address);
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) expect(verdict.reason).not.toContain(address);
    }
  });

  it('allows plain-http webhooks only when configured to (local development)', () => {
    expect(new ContactPointValidator({ allowHttpWebhooks: true }).check('webhook', 'http://127.0.0.1:9000/hook')).toEqual({ ok: true });
  });
});
