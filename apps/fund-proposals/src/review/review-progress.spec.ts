import { ReviewProgressRule } from './review-progress';
import { ReviewScoring, type Scores } from './review-scoring';

const rule = new ReviewProgressRule(
  new ReviewScoring({ impact: 1, 'national-partners': 1, 'state-ngo-cooperation': 1, 'regional-networking': 1 }),
);

function all(score: number): Scores {
  const mark = { score, justification: 'because' };
  return { impact: mark, 'national-partners': mark, 'state-ngo-cooperation': mark, 'regional-networking': mark };
}

describe(ReviewProgressRule.name, () => {
  it('is reviewed once every able reviewer scored', () => {
    const progress = rule.of([
      { recused: false, scores: all(4) },
      { recused: false, scores: all(2) },
    ]);
    expect(progress).toEqual({
      assigned: 2,
      able: 2,
      scored: 2,
      moreNeeded: 0,
      complete: true,
      disputedCriteria: expect.any(Array),
      weightedScore: 3,
    });
    expect(progress.disputedCriteria).toHaveLength(4);
  });

  it('waits for an able reviewer who has not scored', () => {
    expect(rule.of([{ recused: false, scores: all(4) }, { recused: false }])).toMatchObject({ scored: 1, complete: false, moreNeeded: 0 });
  });

  it('does not wait for a recused reviewer, and leaves their scores out', () => {
    const progress = rule.of([
      { recused: false, scores: all(4) },
      { recused: false, scores: all(4) },
      { recused: true, scores: all(0) },
    ]);
    expect(progress).toMatchObject({ assigned: 3, able: 2, scored: 2, complete: true, weightedScore: 4, disputedCriteria: [] });
  });

  it('needs more reviewers when recusals leave fewer than two who can score', () => {
    const progress = rule.of([{ recused: false, scores: all(4) }, { recused: true }]);
    expect(progress).toMatchObject({ able: 1, scored: 1, moreNeeded: 1, complete: false });
    expect(rule.of([{ recused: true }, { recused: true }])).toMatchObject({ able: 0, moreNeeded: 2, complete: false });
  });
});
