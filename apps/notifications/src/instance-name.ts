import type { NotificationsConfig } from './config';

export const SERVICE_NAME = 'notifications';

/**
 * The name the backbone scopes this deployment's database, queues and leases with (`<NAMESPACE>-notifications`,
 * the rule of backboneModules); this service's own Redis keys and channels use it too.
 */
export function scopedName(config: Pick<NotificationsConfig, 'NAMESPACE'>): string {
  return config.NAMESPACE ? `${config.NAMESPACE}-${SERVICE_NAME}` : SERVICE_NAME;
}

export const INSTANCE_NAME = Symbol('INSTANCE_NAME');
