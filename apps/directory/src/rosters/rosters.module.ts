import { Module } from '@nestjs/common';
import { DirectoryStoreModule } from '../directory-store.module';
import { RostersController } from './rosters.controller';
import { RostersService } from './rosters.service';

@Module({
  imports: [DirectoryStoreModule],
  controllers: [RostersController],
  providers: [RostersService],
  exports: [RostersService],
})
export class RostersModule {}
