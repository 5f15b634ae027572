import { randomBytes } from 'node:crypto';
import { loadConfig } from '@ctip/config';
import { DEV_CONTACT_SEAL_KEYS } from '@ctip/contact-seal';
import { calendarOrganizer, configSchema, webhookSigningKeys, DEV_WEBHOOK_SIGNING_KEYS } from './config';

describe('notifications config', () => {
  const base = {
    KAFKA_BROKERS: '127.0.0.1:9092',
    MONGO_URL: 'mongodb://127.0.0.1:27017',
    REDIS_URL: 'redis://127.0.0.1:6379',
    JWT_ISSUER: 'https://issuer.example',
    JWT_AUDIENCE: 'ctip-api',
  };

  it('has local development defaults: SMTP on localhost:1025, no SMS gateway, a dev webhook key', () => {
    const config = loadConfig(configSchema, base);
    expect(config).toMatchObject({
      SMTP_HOST: 'localhost',
      SMTP_PORT: 1025,
      APP_BASE_URL: 'http://localhost:3000',
      SMS_GATEWAY_FORMAT: 'json',
    });
    expect(config.SMS_GATEWAY_URL).toBeUndefined();
    expect(webhookSigningKeys(config)).toBe(DEV_WEBHOOK_SIGNING_KEYS);
  });

  it('treats an empty optional setting as unset', () => {
    const config = loadConfig(configSchema, { ...base, SMS_GATEWAY_URL: '', WEBHOOK_SIGNING_KEYS: '', SMTP_USER: '', SMTP_PASSWORD: '' });
    expect(config.SMS_GATEWAY_URL).toBeUndefined();
    expect(webhookSigningKeys(config)).toBe(DEV_WEBHOOK_SIGNING_KEYS);
  });

  it('requires webhook signing keys in production', () => {
    expect(() => loadConfig(configSchema, { ...base, NODE_ENV: 'production' })).toThrow(/WEBHOOK_SIGNING_KEYS: is required in production/);
    const config = loadConfig(configSchema, {
      ...base,
      NODE_ENV: 'production',
      WEBHOOK_SIGNING_KEYS: 'k1:0123456789abcdef',
      CONTACT_SEAL_KEYS: `k1:${randomBytes(32).toString('base64url')}`,
    });
    expect(webhookSigningKeys(config)).toBe('k1:0123456789abcdef');
  });

  it('opens sealed contact points with the development key outside production only', () => {
    expect(loadConfig(configSchema, base).CONTACT_SEAL_KEYS).toEqual([DEV_CONTACT_SEAL_KEYS]);
    const production = { ...base, NODE_ENV: 'production', WEBHOOK_SIGNING_KEYS: 'k1:0123456789abcdef' };
    expect(() => loadConfig(configSchema, production)).toThrow(/CONTACT_SEAL_KEYS: is required in production/);
    expect(() => loadConfig(configSchema, { ...production, CONTACT_SEAL_KEYS: DEV_CONTACT_SEAL_KEYS })).toThrow(
      /CONTACT_SEAL_KEYS: is required in production \(not the development key\)/,
    );
    expect(() => loadConfig(configSchema, { ...base, CONTACT_SEAL_KEYS: 'k1:short' })).toThrow(/CONTACT_SEAL_KEYS/);
  });

  it('names the calendar organiser mailbox', () => {
    expect(calendarOrganizer(loadConfig(configSchema, base))).toEqual({ name: 'CTIP Training Events', email: 'events@ctip.local' });
    expect(() => loadConfig(configSchema, { ...base, CALENDAR_ORGANIZER: 'events@ctip.local' })).toThrow(
      /CALENDAR_ORGANIZER: must look like/,
    );
  });

  it('names malformed settings', () => {
    const load = () =>
      loadConfig(configSchema, { ...base, WEBHOOK_SIGNING_KEYS: 'short:x', SMS_GATEWAY_AUTH_HEADER: 'Bearer x', SMTP_USER: 'mailer' });
    expect(load).toThrow(/WEBHOOK_SIGNING_KEYS: must be kid:secret/);
    expect(load).toThrow(/SMS_GATEWAY_AUTH_HEADER: must look like "Header-Name: value"/);
    expect(load).toThrow(/SMTP_PASSWORD: SMTP_USER and SMTP_PASSWORD are set together/);
  });
});
