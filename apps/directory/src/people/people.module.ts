import { Module } from '@nestjs/common';
import { DirectoryStoreModule } from '../directory-store.module';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';

@Module({
  imports: [DirectoryStoreModule],
  controllers: [PeopleController],
  providers: [PeopleService],
  exports: [PeopleService],
})
export class PeopleModule {}
