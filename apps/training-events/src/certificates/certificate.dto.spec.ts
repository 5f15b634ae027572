import { verificationCodeParamSchema } from './certificate.dto';
import { certificateLanguageOf } from './certificate-issuing.service';

describe('verificationCodeParamSchema', () => {
  it('reads a code as typed from paper and refuses what cannot be one', () => {
    expect(verificationCodeParamSchema.parse('s5hf g733-z9dt 956a')).toBe('S5HF-G733-Z9DT-956A');
    expect(verificationCodeParamSchema.parse('OOOL-1111-2222-3333')).toBe('0001-1111-2222-3333');
    for (const bad of ['S5HF-G733', 'S5HF-G733-Z9DT-956U', 'S5HF-G733-Z9DT-956A-1', 'S5HF_G733_Z9DT_956A'])
      expect(verificationCodeParamSchema.safeParse(bad).success).toBe(false);
  });
});

describe(certificateLanguageOf.name, () => {
  it('writes Russian for Russian speakers and English for everyone else', () => {
    expect(['ru', 'ru-RU', 'en', 'tk', undefined].map(certificateLanguageOf)).toEqual(['ru', 'ru', 'en', 'en', 'en']);
  });
});
