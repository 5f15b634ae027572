import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type DirectoryOrganisationChanged, type DirectoryPersonChanged } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { TrainingDirectoryRepository } from './training-directory.repository';

/** Keeps the service's copy of the directory: no synchronous call to the directory service. */
@Controller()
export class TrainingDirectoryConsumer {
  constructor(private readonly directory: TrainingDirectoryRepository) {}

  @TypedEventPattern(TOPICS.directoryOrganisationChanged)
  async organisationChanged(@Payload() data: DirectoryOrganisationChanged): Promise<void> {
    await this.directory.saveOrganisation(data);
  }

  @TypedEventPattern(TOPICS.directoryPersonChanged)
  async personChanged(@Payload() data: DirectoryPersonChanged): Promise<void> {
    await this.directory.savePerson(data);
  }
}
