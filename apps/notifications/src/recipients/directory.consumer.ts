import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type DirectoryPersonChanged } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { RecipientsService } from './recipients.service';

@Controller()
export class DirectoryConsumer {
  constructor(private readonly recipients: RecipientsService) {}

  @TypedEventPattern(TOPICS.directoryPersonChanged)
  async personChanged(@Payload() data: DirectoryPersonChanged): Promise<void> {
    await this.recipients.applySnapshot(data);
  }
}
