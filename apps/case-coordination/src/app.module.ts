import { Module, type DynamicModule } from '@nestjs/common';
import { backboneModules } from '@ctip/runtime';
import type { CaseCoordinationConfig } from './config';

export const SERVICE_NAME = 'case-coordination';

@Module({})
export class AppModule {
  static forRoot(config: CaseCoordinationConfig): DynamicModule {
    return { module: AppModule, imports: [...backboneModules(SERVICE_NAME, config)] };
  }
}
