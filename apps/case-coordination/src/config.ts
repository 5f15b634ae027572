import { backboneSettings, setting } from '@ctip/config';
import type { z } from 'zod';

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3001),
});

export type CaseCoordinationConfig = z.infer<typeof configSchema>;
