import { Module, type DynamicModule } from '@nestjs/common';
import { backboneModules } from '@ctip/runtime';
import { FUND_CONFIG, type FundProposalsConfig } from './config';
import { FundConsumerPolicy } from './consumer-policy';
import { CyclesModule } from './cycles/cycles.module';
import { DirectoryViewModule } from './directory-view/directory-view.module';
import { ProjectsModule } from './projects/projects.module';
import { ProposalStoreModule } from './proposals/proposal-store.module';
import { ProposalsModule } from './proposals/proposals.module';
import { PublicModule } from './public/public.module';
import { ReportsModule } from './reports/reports.module';
import { ReviewModule } from './review/review.module';
import { UrgentModule } from './urgent/urgent.module';

export const SERVICE_NAME = 'fund-proposals';

@Module({})
export class AppModule {
  static forRoot(config: FundProposalsConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ...backboneModules(SERVICE_NAME, config),
        // The fund's modules, one a line
        ProposalStoreModule,
        DirectoryViewModule,
        ProposalsModule,
        ReviewModule,
        PublicModule,
        ReportsModule,
        ProjectsModule,
        CyclesModule,
        UrgentModule,
      ],
      providers: [{ provide: FUND_CONFIG, useValue: config }, FundConsumerPolicy],
      exports: [FUND_CONFIG],
    };
  }
}
