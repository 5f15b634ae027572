import { backboneSettings, setting } from '@ctip/config';
import { z } from 'zod';

/** A fixed, public development key: never used when NODE_ENV=production (CASE_DATA_KEYS is then required). */
export const DEV_DATA_KEYS = `dev-2026:${Buffer.alloc(32, 7).toString('base64')}`;

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3001),
  /** How long each rung of an alert has to acknowledge, by urgency. */
  ACK_DEADLINE_CRITICAL_MS: setting.durationMs(15 * 60_000),
  ACK_DEADLINE_HIGH_MS: setting.durationMs(60 * 60_000),
  ACK_DEADLINE_NORMAL_MS: setting.durationMs(24 * 60 * 60_000),
  /** AES-256 keys for identifying details: `kid:base64key[,kid:base64key]`, the first is current. */
  CASE_DATA_KEYS: z.string().min(1).optional(),
});

export type CaseCoordinationConfig = z.infer<typeof configSchema>;

export function dataKeys(config: CaseCoordinationConfig): string {
  if (config.CASE_DATA_KEYS) return config.CASE_DATA_KEYS;
  if (config.NODE_ENV === 'production') throw new Error('CASE_DATA_KEYS: is required in production (kid:base64 32-byte key)');
  return DEV_DATA_KEYS;
}

export const CASE_CONFIG = Symbol('CASE_CONFIG');

export function ackDeadlines(config: CaseCoordinationConfig): Record<'critical' | 'high' | 'normal', number> {
  return { critical: config.ACK_DEADLINE_CRITICAL_MS, high: config.ACK_DEADLINE_HIGH_MS, normal: config.ACK_DEADLINE_NORMAL_MS };
}
