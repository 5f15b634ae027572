import { Injectable } from '@nestjs/common';
import { TOPICS, type DirectoryOrganisationChanged, type DirectoryPersonChanged, type DirectoryRosterChanged } from '@ctip/contracts';
import { OnEvent } from '@ctip/messaging';
import { DirectoryViewRepository } from './directory-view.repository';

@Injectable()
export class DirectoryViewConsumer {
  constructor(private readonly directory: DirectoryViewRepository) {}

  @OnEvent(TOPICS.directoryOrganisationChanged)
  async organisationChanged(data: DirectoryOrganisationChanged): Promise<void> {
    await this.directory.saveOrganisation(data);
  }

  @OnEvent(TOPICS.directoryPersonChanged)
  async personChanged(data: DirectoryPersonChanged): Promise<void> {
    await this.directory.savePerson(data);
  }

  @OnEvent(TOPICS.directoryRosterChanged)
  async rosterChanged(data: DirectoryRosterChanged): Promise<void> {
    await this.directory.saveRoster(data);
  }
}
