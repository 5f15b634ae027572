import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type NotificationContactPointErased, type NotificationContactPointSealed } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { ExternalRecipientsService } from './external-recipients.service';

/** The contact-point route: sealed details of people outside the directory, and their erasure. */
@Controller()
export class ContactPointConsumer {
  constructor(private readonly external: ExternalRecipientsService) {}

  @TypedEventPattern(TOPICS.notificationContactPointSealed)
  async sealed(@Payload() data: NotificationContactPointSealed): Promise<void> {
    await this.external.applySealed(data);
  }

  @TypedEventPattern(TOPICS.notificationContactPointErased)
  async erased(@Payload() data: NotificationContactPointErased): Promise<void> {
    await this.external.erase(data);
  }
}
