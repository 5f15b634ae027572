import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type FundProposalDecided } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { PublicProjectsService } from './public-projects.service';

/** Keeps the public list from the service's own decisions: an approved proposal becomes a supported project. */
@Controller()
export class PublicProjectsConsumer {
  constructor(private readonly projects: PublicProjectsService) {}

  @TypedEventPattern(TOPICS.fundProposalDecided)
  async decided(@Payload() data: FundProposalDecided): Promise<void> {
    await this.projects.recordDecision(data);
  }
}
