import { backboneSettings, setting } from '@ctip/config';
import type { z } from 'zod';

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3002),
});

export type FundProposalsConfig = z.infer<typeof configSchema>;
