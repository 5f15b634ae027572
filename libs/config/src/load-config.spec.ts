import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import { backboneSettings, setting } from './settings';

const valid = {
  KAFKA_BROKERS: '127.0.0.1:19092, kafka-2:9092',
  MONGO_URL: 'mongodb://127.0.0.1:27027/',
  REDIS_URL: 'redis://127.0.0.1:16379',
  JWT_ISSUER: 'http://localhost/ctip-dev',
  JWT_AUDIENCE: 'ctip-api',
  JWT_JWKS_FILE: '/keys/jwks.json',
};

describe(loadConfig.name, () => {
  const schema = backboneSettings.extend({ PORT: setting.port(3001) });

  it('turns the environment into typed settings with defaults', () => {
    const config = loadConfig(schema, valid);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:19092', 'kafka-2:9092']);
    expect(config.PORT).toBe(3001);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(20_000);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names every missing or malformed setting at once', () => {
    const attempt = () =>
      loadConfig(schema, { ...valid, MONGO_URL: undefined, REDIS_URL: 'http://x', PORT: '99999', KAFKA_BROKERS: 'kafka' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.map((p) => p.setting).sort();
      expect(problems).toEqual(['KAFKA_BROKERS.0', 'MONGO_URL', 'PORT', 'REDIS_URL']);
      expect((error as Error).message).toMatch(/MONGO_URL: is required but not set/);
      expect((error as Error).message).toMatch(/REDIS_URL: must be a URL with protocol redis or rediss/);
    }
  });

  it('parses booleans strictly', () => {
    const flags = z.object({ FLAG: setting.bool(false) });
    expect(loadConfig(flags, { FLAG: 'true' }).FLAG).toBe(true);
    expect(loadConfig(flags, {}).FLAG).toBe(false);
    expect(() => loadConfig(flags, { FLAG: 'yes' })).toThrow(/FLAG/);
  });
});
