import { Module, type DynamicModule } from '@nestjs/common';
import { backboneModules } from '@ctip/runtime';
import type { NotificationsConfig } from './config';

export const SERVICE_NAME = 'notifications';

@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return { module: AppModule, imports: [...backboneModules(SERVICE_NAME, config)] };
  }
}
