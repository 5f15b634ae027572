import { backboneSettings, loadConfig, setting } from '@ctip/config';

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3001),
});

export type CaseCoordinationConfig = ReturnType<typeof loadConfig<typeof configSchema>>;
