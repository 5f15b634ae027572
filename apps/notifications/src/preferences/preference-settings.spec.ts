import { CASE_ALERT_CATEGORY } from '../templates/case-alert.category';
import { defineCategory } from '../templates/notification-category';
import { effectivePreference, preferencesSchemaFor } from './preference-settings';

const NEWS = defineCategory({ name: 'news', urgent: false, digest: true });
const preferencesSchema = preferencesSchemaFor([CASE_ALERT_CATEGORY, NEWS]);

describe('preference settings', () => {
  it('merges a category’s settings over the defaults', () => {
    const settings = preferencesSchema.parse({
      defaults: { language: 'ru', quietHours: { start: '22:00', end: '07:00' } },
      categories: { 'case-alert': { channels: ['sms', 'in-app'], quietHours: null } },
    });
    expect(effectivePreference(settings, CASE_ALERT_CATEGORY)).toEqual({
      channels: ['sms', 'in-app'],
      language: 'ru',
      quietHours: null,
      digest: false,
    });
    expect(effectivePreference(null, CASE_ALERT_CATEGORY)).toEqual({
      channels: undefined,
      language: undefined,
      quietHours: null,
      digest: false,
    });
  });

  it('refuses a digest for an urgent category, naming the field, and allows it for a digestible one', () => {
    const result = preferencesSchema.safeParse({ categories: { 'case-alert': { digest: true } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['categories.case-alert.digest']);
    const news = preferencesSchema.parse({ categories: { news: { digest: true } } });
    expect(effectivePreference(news, NEWS).digest).toBe(true);
    expect(effectivePreference(news, CASE_ALERT_CATEGORY).digest).toBe(false);
  });

  it('names an unknown category and the ones it knows', () => {
    const result = preferencesSchema.safeParse({ categories: { 'fund-gossip': {} } });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['categories.fund-gossip', 'unknown category (known: case-alert, news)'],
    ]);
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
