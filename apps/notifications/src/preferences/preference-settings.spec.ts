import { effectivePreference, preferencesSchema } from './preference-settings';

describe('preference settings', () => {
  it('merges a category’s settings over the defaults', () => {
    const settings = preferencesSchema.parse({
      defaults: { language: 'ru', quietHours: { start: '22:00', end: '07:00' } },
      categories: { 'case-alert': { channels: ['sms', 'in-app'], quietHours: null } },
    });
    expect(effectivePreference(settings, 'case-alert')).toEqual({
      channels: ['sms', 'in-app'],
      language: 'ru',
      quietHours: null,
      digest: false,
    });
    expect(effectivePreference(null, 'case-alert')).toEqual({ channels: undefined, language: undefined, quietHours: null, digest: false });
  });

  it('refuses a digest for an urgent category, naming the field', () => {
    const result = preferencesSchema.safeParse({ categories: { 'case-alert': { digest: true } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['categories.case-alert.digest']);
  });

  it('refuses unknown categories, channels, languages and malformed times', () => {
    for (const body of [
      { categories: { 'fund-gossip': {} } },
      { defaults: { channels: ['pigeon'] } },
      { defaults: { channels: ['email', 'email'] } },
      { defaults: { language: 'de' } },
      { defaults: { quietHours: { start: '25:00', end: '07:00' } } },
      { defaults: { quietHours: { start: '07:00', end: '07:00' } } },
      { surprise: true },
    ]) {
      expect(preferencesSchema.safeParse(body).success).toBe(false);
    }
  });
});
