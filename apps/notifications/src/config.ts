import { backboneSettings, setting } from '@ctip/config';
import type { z } from 'zod';

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3004),
});

export type NotificationsConfig = z.infer<typeof configSchema>;
