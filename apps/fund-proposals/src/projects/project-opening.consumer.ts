import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TOPICS, type FundProposalDecided } from '@ctip/contracts';
import { TypedEventPattern } from '@ctip/messaging';
import { ProjectOpeningService } from './project-opening.service';

/**
 * Opens projects (and their public-list entries) from this service's own fast-track decisions: the
 * decision is written with its event in one write, so no approval can be left without a project; a
 * redelivered event finds the project it opened (the project id is the proposal's), so no inbox record is
 * kept. Quarterly approvals are opened by the slate's confirmation with their decisions.
 */
@Controller()
export class ProjectOpeningConsumer {
  constructor(private readonly opening: ProjectOpeningService) {}

  @TypedEventPattern(TOPICS.fundProposalDecided, { idempotent: true })
  async decided(@Payload() data: FundProposalDecided): Promise<void> {
    await this.opening.open(data);
  }
}
