import { Module, type DynamicModule } from '@nestjs/common';
import { backboneModules } from '@ctip/runtime';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from './config';
import { ContactPointsModule } from './contact-points/contact-points.module';
import { DeliveryModule } from './delivery/delivery.module';
import { INSTANCE_NAME, scopedName, SERVICE_NAME } from './instance-name';
import { NotificationCatalogueModule } from './templates/notification-catalogue.module';
import type { NotificationKind } from './templates/notification-kind';
import { PRODUCTION_KINDS } from './templates/production-kinds';

export { SERVICE_NAME } from './instance-name';

@Module({})
export class AppModule {
  /** `kinds`: the notification kinds to handle, each a `*.notification.ts` (tests add their own). */
  static forRoot(config: NotificationsConfig, kinds: readonly NotificationKind[] = PRODUCTION_KINDS): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [...backboneModules(SERVICE_NAME, config), NotificationCatalogueModule.forKinds(kinds), DeliveryModule, ContactPointsModule],
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        { provide: INSTANCE_NAME, useValue: scopedName(config) },
      ],
      exports: [NOTIFICATIONS_CONFIG, INSTANCE_NAME],
    };
  }
}
