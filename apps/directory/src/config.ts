import { backboneSettings, setting } from '@ctip/config';
import type { z } from 'zod';

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3005),
});

export type DirectoryConfig = z.infer<typeof configSchema>;
