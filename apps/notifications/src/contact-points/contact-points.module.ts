import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { RecipientsModule } from '../recipients/recipients.module';
import { ContactPointConsumer } from './contact-point.consumer';
import { ExternalRecipientsService } from './external-recipients.service';

@Module({
  imports: [RecipientsModule, DeliveryModule],
  controllers: [ContactPointConsumer],
  providers: [ExternalRecipientsService],
})
export class ContactPointsModule {}
