import { Module, type DynamicModule } from '@nestjs/common';
import { backboneModules } from '@ctip/runtime';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from './config';
import { DeliveryModule } from './delivery/delivery.module';
import { INSTANCE_NAME, scopedName, SERVICE_NAME } from './instance-name';

export { SERVICE_NAME } from './instance-name';

@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [...backboneModules(SERVICE_NAME, config), DeliveryModule],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        { provide: INSTANCE_NAME, useValue: scopedName(config) },
      ],
      exports: [NOTIFICATIONS_CONFIG, INSTANCE_NAME],
    };
  }
}
