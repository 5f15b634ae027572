import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { FUND_CONFIG, type FundProposalsConfig } from '../config';
import { ReviewAssignmentService } from './review-assignment.service';
import { ReviewProgressRule } from './review-progress';
import { ReviewProgressService } from './review-progress.service';
import { ReviewQueryService } from './review-query.service';
import { ReviewScoring } from './review-scoring';
import { ReviewRepository } from './review.repository';
import { REVIEW_MODEL, reviewSchema } from './review.schema';
import { ReviewingService } from './reviewing.service';
import { ReviewsController } from './reviews.controller';

/** Review: reviewer assignment, conflict-of-interest declarations and recusal, scoring. */
@Module({
  imports: [MongooseModule.forFeature([{ name: REVIEW_MODEL, schema: reviewSchema }])],
  controllers: [ReviewsController],
  providers: [
    {
      provide: ReviewScoring,
      inject: [FUND_CONFIG],
      useFactory: (config: FundProposalsConfig) => new ReviewScoring(config.FUND_CRITERION_WEIGHTS),
    },
    { provide: ReviewProgressRule, inject: [ReviewScoring], useFactory: (scoring: ReviewScoring) => new ReviewProgressRule(scoring) },
    ReviewRepository,
    ReviewProgressService,
    ReviewQueryService,
    ReviewAssignmentService,
    ReviewingService,
  ],
})
export class ReviewModule {}
