import { Global, Module } from '@nestjs/common';
import { TrainingDirectoryConsumer } from './training-directory.consumer';
import { TrainingDirectoryRepository } from './training-directory.repository';

/** The service's read model of the directory; other modules inject `TrainingDirectoryRepository`. */
@Global()
@Module({
  controllers: [TrainingDirectoryConsumer],
  providers: [TrainingDirectoryRepository],
  exports: [TrainingDirectoryRepository],
})
export class DirectoryViewModule {}
