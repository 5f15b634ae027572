import { backboneSettings, loadConfig, setting } from '@ctip/config';

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3002),
});

export type FundProposalsConfig = ReturnType<typeof loadConfig<typeof configSchema>>;
