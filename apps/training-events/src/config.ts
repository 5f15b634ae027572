import { backboneSettings, loadConfig, setting } from '@ctip/config';

export const configSchema = backboneSettings.extend({
  PORT: setting.port(3003),
});

export type TrainingEventsConfig = ReturnType<typeof loadConfig<typeof configSchema>>;
