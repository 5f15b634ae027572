import { Module, type DynamicModule } from '@nestjs/common';
import { backboneModules } from '@ctip/runtime';
import type { DirectoryConfig } from './config';
import { OrganisationsModule } from './organisations/organisations.module';
import { PeopleModule } from './people/people.module';
import { RostersModule } from './rosters/rosters.module';

export const SERVICE_NAME = 'directory';

@Module({})
export class AppModule {
  static forRoot(config: DirectoryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [...backboneModules(SERVICE_NAME, config), OrganisationsModule, PeopleModule, RostersModule],
    };
  }
}
