import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EnvelopeLedger } from '../cycles/envelope-ledger';
import { FUND_CYCLE_MODEL, fundCycleSchema } from '../cycles/fund-cycle.schema';
import { ProposalRepository } from './proposal.repository';
import { PROPOSAL_MODEL, proposalSchema } from './proposal.schema';

/**
 * The aggregates every module of the service shares: proposals and the cycles' envelope ledger
 * (proposals, review, cycles, urgent fast-track, projects).
 */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: PROPOSAL_MODEL, schema: proposalSchema },
      { name: FUND_CYCLE_MODEL, schema: fundCycleSchema },
    ]),
  ],
  providers: [ProposalRepository, EnvelopeLedger],
  exports: [ProposalRepository, EnvelopeLedger, MongooseModule],
})
export class ProposalStoreModule {}
