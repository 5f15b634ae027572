import { Injectable } from '@nestjs/common';
import { TOPICS, type CaseAlertEscalated, type CaseAlertRaised, type EventEnvelope } from '@ctip/contracts';
import { OnEvent } from '@ctip/messaging';
import { NotificationDispatcher } from './notification-dispatcher.service';

@Injectable()
export class CaseAlertsConsumer {
  constructor(private readonly dispatcher: NotificationDispatcher) {}

  @OnEvent(TOPICS.caseAlertRaised)
  async alertRaised(_data: CaseAlertRaised, envelope: EventEnvelope<CaseAlertRaised>): Promise<void> {
    await this.dispatcher.dispatch(TOPICS.caseAlertRaised, envelope);
  }

  @OnEvent(TOPICS.caseAlertEscalated)
  async alertEscalated(_data: CaseAlertEscalated, envelope: EventEnvelope<CaseAlertEscalated>): Promise<void> {
    await this.dispatcher.dispatch(TOPICS.caseAlertEscalated, envelope);
  }
}
