import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { TOPICS, type CaseAlertEscalated, type CaseAlertRaised } from '@ctip/contracts';
import { TypedEventPattern, type EventContext } from '@ctip/messaging';
import { NotificationDispatcher } from './notification-dispatcher.service';

@Controller()
export class CaseAlertsConsumer {
  constructor(private readonly dispatcher: NotificationDispatcher) {}

  @TypedEventPattern(TOPICS.caseAlertRaised)
  async alertRaised(@Payload() _data: CaseAlertRaised, @Ctx() context: EventContext<CaseAlertRaised>): Promise<void> {
    await this.dispatcher.dispatch(TOPICS.caseAlertRaised, context.getEnvelope());
  }

  @TypedEventPattern(TOPICS.caseAlertEscalated)
  async alertEscalated(@Payload() _data: CaseAlertEscalated, @Ctx() context: EventContext<CaseAlertEscalated>): Promise<void> {
    await this.dispatcher.dispatch(TOPICS.caseAlertEscalated, context.getEnvelope());
  }
}
