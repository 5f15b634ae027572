import { Module, type DynamicModule } from '@nestjs/common';
import { backboneModules } from '@ctip/runtime';
import type { FundProposalsConfig } from './config';

export const SERVICE_NAME = 'fund-proposals';

@Module({})
export class AppModule {
  static forRoot(config: FundProposalsConfig): DynamicModule {
    return { module: AppModule, imports: [...backboneModules(SERVICE_NAME, config)] };
  }
}
