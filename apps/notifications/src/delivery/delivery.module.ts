import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DueIndex, JobQueues } from '@ctip/scheduling';
import { ChannelRegistry } from '../channels/channel-registry';
import { EmailChannel } from '../channels/email.channel';
import { InAppChannel } from '../channels/in-app.channel';
import { SmsGatewayChannel } from '../channels/sms-gateway.channel';
import { WebhookChannel } from '../channels/webhook.channel';
import { InboxModule } from '../inbox/inbox.module';
import { INSTANCE_NAME } from '../instance-name';
import { PreferencesModule } from '../preferences/preferences.module';
import { RecipientsModule } from '../recipients/recipients.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveryClaims, deliveryClaimsPrefix } from './delivery-claims';
import { DeliveryFallbackService } from './delivery-fallback.service';
import { DeliveryQueue } from './delivery-queue.service';
import { DeliveryRecoveryService } from './delivery-recovery.service';
import { DELIVERY_DUE_INDEX, DeliveryRepository } from './delivery.repository';
import { DeliveryProcessor } from './delivery.processor';
import { DELIVERY_MODEL, DELIVERY_SETTLEMENT_MODEL, deliverySchema, deliverySettlementSchema } from './delivery.schema';
import { DeliveryService } from './delivery.service';
import { DigestService } from './digest.service';
import { MessageComposer } from './message-composer.service';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationEventsConsumer } from './notification-events.consumer';
import { PendingRecipientsProcessor } from './pending-recipients.processor';
import { SentMarkers } from './sent-markers';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: DELIVERY_MODEL, schema: deliverySchema },
      { name: DELIVERY_SETTLEMENT_MODEL, schema: deliverySettlementSchema },
    ]),
    RecipientsModule,
    PreferencesModule,
    InboxModule,
  ],
  controllers: [DeliveriesController],
  providers: [
    EmailChannel,
    SmsGatewayChannel,
    WebhookChannel,
    InAppChannel,
    ChannelRegistry,
    MessageComposer,
    DeliveryRepository,
    {
      provide: DELIVERY_DUE_INDEX,
      inject: [JobQueues, INSTANCE_NAME],
      useFactory: (queues: JobQueues, instance: string) => new DueIndex(queues.redis, `ctip-${instance}:deliveries:due`),
    },
    DeliveryQueue,
    {
      provide: SentMarkers,
      inject: [JobQueues, INSTANCE_NAME],
      useFactory: (queues: JobQueues, instance: string) => new SentMarkers(queues.redis, `ctip-${instance}`),
    },
    {
      provide: DeliveryClaims,
      inject: [JobQueues, INSTANCE_NAME, SentMarkers],
      useFactory: (queues: JobQueues, instance: string, markers: SentMarkers) =>
        new DeliveryClaims(queues.redis, deliveryClaimsPrefix(instance), markers),
    },
    NotificationDispatcher,
    DeliveryService,
    DigestService,
    DeliveryFallbackService,
    DeliveryProcessor,
    DeliveryRecoveryService,
    NotificationEventsConsumer,
    PendingRecipientsProcessor,
  ],
  exports: [DeliveryRepository],
})
export class DeliveryModule {}
