import { backboneSettings, loadConfig, setting } from '@ctip/config';

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3004),
});

export type NotificationsConfig = ReturnType<typeof loadConfig<typeof configSchema>>;
