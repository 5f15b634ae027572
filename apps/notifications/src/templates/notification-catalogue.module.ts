import { Module, type DynamicModule } from '@nestjs/common';
import { NOTIFICATION_KINDS, NotificationCatalogue } from './notification-catalogue';
import type { NotificationKind } from './notification-kind';

/**
 * The extension point: the service handles exactly the kinds given here (`AppModule.forRoot(config, kinds)`),
 * and knows their categories from them. Global, so that delivery and preferences read the same catalogue.
 */
@Module({})
export class NotificationCatalogueModule {
  static forKinds(kinds: readonly NotificationKind[]): DynamicModule {
    return {
      module: NotificationCatalogueModule,
      global: true,
      providers: [{ provide: NOTIFICATION_KINDS, useValue: kinds }, NotificationCatalogue],
      exports: [NotificationCatalogue],
    };
  }
}
