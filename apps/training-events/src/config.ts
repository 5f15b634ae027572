import { backboneSettings, setting } from '@ctip/config';
import type { z } from 'zod';

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3003),
});

export type TrainingEventsConfig = z.infer<typeof configSchema>;
