import { Module, type DynamicModule } from '@nestjs/common';
import { backboneModules } from '@ctip/runtime';
import type { TrainingEventsConfig } from './config';

export const SERVICE_NAME = 'training-events';

@Module({})
export class AppModule {
  static forRoot(config: TrainingEventsConfig): DynamicModule {
    return { module: AppModule, imports: [...backboneModules(SERVICE_NAME, config)] };
  }
}
