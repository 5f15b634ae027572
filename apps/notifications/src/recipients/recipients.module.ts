import { Module } from '@nestjs/common';
import { DirectoryConsumer } from './directory.consumer';
import { RecipientRepository } from './recipient.repository';
import { RecipientsService } from './recipients.service';

@Module({
  providers: [RecipientRepository, RecipientsService, DirectoryConsumer],
  exports: [RecipientRepository],
})
export class RecipientsModule {}
