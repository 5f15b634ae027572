import { Injectable } from '@nestjs/common';
import { TOPICS, type DirectoryPersonChanged } from '@ctip/contracts';
import { OnEvent } from '@ctip/messaging';
import { RecipientsService } from './recipients.service';

@Injectable()
export class DirectoryConsumer {
  constructor(private readonly recipients: RecipientsService) {}

  @OnEvent(TOPICS.directoryPersonChanged)
  async personChanged(data: DirectoryPersonChanged): Promise<void> {
    await this.recipients.applySnapshot(data);
  }
}
