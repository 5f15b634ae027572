import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type FundProposalDecided } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { PublicProjectsService } from './public-projects.service';

/**
 * Keeps the public list from the service's own decisions: an approved proposal becomes a supported project.
 * The entry is replaced whole under the proposal id, so a redelivered decision changes nothing: no inbox record.
 */
@Controller()
export class PublicProjectsConsumer {
  constructor(private readonly projects: PublicProjectsService) {}

  @TypedEventPattern(TOPICS.fundProposalDecided, { idempotent: true })
  async decided(@Payload() data: FundProposalDecided): Promise<void> {
    await this.projects.recordDecision(data);
  }
}
