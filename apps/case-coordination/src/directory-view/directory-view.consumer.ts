import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type DirectoryOrganisationChanged, type DirectoryPersonChanged, type DirectoryRosterChanged } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { DirectoryViewRepository } from './directory-view.repository';

/** Keeps the local copy of the directory that routing reads (no synchronous call on the alert path). */
@Controller()
export class DirectoryViewConsumer {
  constructor(private readonly directory: DirectoryViewRepository) {}

  @TypedEventPattern(TOPICS.directoryOrganisationChanged)
  async organisationChanged(@Payload() data: DirectoryOrganisationChanged): Promise<void> {
    await this.directory.saveOrganisation(data);
  }

  @TypedEventPattern(TOPICS.directoryPersonChanged)
  async personChanged(@Payload() data: DirectoryPersonChanged): Promise<void> {
    await this.directory.savePerson(data);
  }

  @TypedEventPattern(TOPICS.directoryRosterChanged)
  async rosterChanged(@Payload() data: DirectoryRosterChanged): Promise<void> {
    await this.directory.saveRoster(data);
  }
}
