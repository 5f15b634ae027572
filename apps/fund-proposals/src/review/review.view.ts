import { FUND_CRITERIA } from '@ctip/contracts';
import type { ProposalDocument } from '../proposals/proposal.schema';
import type { ReviewProgress } from './review-progress';
import type { Criterion, ReviewScoring } from './review-scoring';
import type { ReviewDocument } from './review.schema';

/** The published criteria (seed 003, "Preference will be given to projects that"), in the applicant's language. */
const CRITERION_LABELS: Record<Criterion, { en: string; ru: string }> = {
  impact: {
    en: 'Concrete impact and likely short-term results',
    ru: 'Конкретное воздействие и вероятность краткосрочных результатов',
  },
  'national-partners': {
    en: 'National partners and stronger grassroots capacity for sustainable solutions',
    ru: 'Участие национальных партнёров и укрепление низового потенциала для устойчивых решений',
  },
  'state-ngo-cooperation': {
    en: 'Co-operation between State and NGO actors',
    ru: 'Сотрудничество между государственными органами и НКО',
  },
  'regional-networking': {
    en: 'Regional networking and project development',
    ru: 'Региональное сетевое взаимодействие и развитие проектов',
  },
};

export function criteriaView(scoring: ReviewScoring) {
  return {
    scale: { min: 0, max: 5 },
    weighting:
      'A reviewer’s total is the weighted mean of their four scores (Σ weight·score / Σ weight), on the 0–5 scale; a proposal’s score is the mean of its reviewers’ totals.',
    criteria: FUND_CRITERIA.map((criterion) => ({ criterion, label: CRITERION_LABELS[criterion], weight: scoring.weightOf(criterion) })),
  };
}

/** A review as its own reviewer and fund staff see it. */
export function reviewView(review: ReviewDocument, scoring: ReviewScoring) {
  return {
    proposalId: review.proposalId,
    reviewerId: review.reviewerId,
    assignedAt: review.assignedAt,
    declaration: review.declaration ?? null,
    recusal: review.recusal ?? null,
    canScore: review.recusal === undefined && review.declaration !== undefined,
    scores: review.scores ?? null,
    weightedTotal: review.scores ? scoring.weightedTotal(review.scores) : null,
    scoredAt: review.scoredAt ?? null,
    scoreRevisions: review.scoreRevisions,
  };
}

/** Everything about a proposal's review, for fund officers, the committee and the coordinator. */
export function panelView(proposal: ProposalDocument, panel: ReviewDocument[], progress: ReviewProgress, scoring: ReviewScoring) {
  return {
    proposalId: proposal._id,
    proposalRef: proposal.proposalRef,
    status: proposal.status,
    progress: {
      assigned: progress.assigned,
      able: progress.able,
      scored: progress.scored,
      moreReviewersNeeded: progress.moreNeeded,
      disagreement: progress.disputedCriteria.length > 0,
      disputedCriteria: progress.disputedCriteria,
      weightedScore: progress.weightedScore ?? null,
      reviewedAt: proposal.review?.reviewedAt ?? null,
    },
    reviews: panel.map((review) => ({ ...reviewView(review, scoring), assignedBy: review.assignedBy })),
  };
}

/** An assignment in a reviewer's list: what a declaration needs (who submits, who implements), not the proposal itself. */
export function assignmentView(review: ReviewDocument, proposal: ProposalDocument | undefined) {
  return {
    proposalId: review.proposalId,
    proposalRef: proposal?.proposalRef ?? null,
    title: proposal?.content.title ?? null,
    organisationId: proposal?.organisationId ?? null,
    implementingPartnerIds: proposal?.content.implementingPartnerIds ?? [],
    proposalStatus: proposal?.status ?? null,
    assignedAt: review.assignedAt,
    declared: review.declaration !== undefined,
    recusal: review.recusal ?? null,
    scored: review.scores !== undefined,
  };
}

/** The scoring form: the proposal as submitted, the criteria and the reviewer's current scores. */
export function formView(proposal: ProposalDocument, review: ReviewDocument, scoring: ReviewScoring) {
  const { content } = proposal;
  return {
    proposalId: proposal._id,
    proposalRef: proposal.proposalRef,
    status: proposal.status,
    organisationId: proposal.organisationId,
    submittedVersion: proposal.submittedVersion,
    content,
    ...criteriaView(scoring),
    scores: review.scores ?? null,
    weightedTotal: review.scores ? scoring.weightedTotal(review.scores) : null,
  };
}
