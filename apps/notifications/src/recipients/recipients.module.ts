import { Module } from '@nestjs/common';
import { DirectoryConsumer } from './directory.consumer';
import { RecipientRepository } from './recipient.repository';
import { RecipientsService } from './recipients.service';

@Module({
  controllers: [DirectoryConsumer],
  providers: [RecipientRepository, RecipientsService],
  exports: [RecipientRepository],
})
export class RecipientsModule {}
