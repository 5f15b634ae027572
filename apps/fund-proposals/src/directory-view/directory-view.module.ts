import { Global, Module } from '@nestjs/common';
import { FundDirectory } from './fund-directory';
import { FundDirectoryConsumer } from './fund-directory.consumer';
import { FundDirectoryRepository } from './fund-directory.repository';

/** The fund's read model of the directory; `FundDirectory` is what the other modules inject. */
@Global()
@Module({
  controllers: [FundDirectoryConsumer],
  providers: [FundDirectoryRepository, FundDirectory],
  exports: [FundDirectory, FundDirectoryRepository],
})
export class DirectoryViewModule {}
