import { newVerificationCode, normaliseVerificationCode } from './verification-code';

describe(newVerificationCode.name, () => {
  it('makes 16-symbol codes in four groups from the unambiguous alphabet, different every time', () => {
    const codes = new Set(Array.from({ length: 2_000 }, () => newVerificationCode()));
    expect(codes.size).toBe(2_000);
    for (const code of [...codes].slice(0, 50)) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });
});

describe(normaliseVerificationCode.name, () => {
  it('reads a code as people type it back', () => {
    expect(normaliseVerificationCode(' 7kqm 3xpv-9tra-2hwe ')).toBe('7KQM-3XPV-9TRA-2HWE');
    expect(normaliseVerificationCode('oool-1111-2222-3333')).toBe('0001-1111-2222-3333');
  });

  it('refuses what cannot be a code', () => {
    expect(normaliseVerificationCode('7KQM-3XPV')).toBeNull();
    expect(normaliseVerificationCode('7KQM-3XPV-9TRA-2HWU')).toBeNull();
  });
});
