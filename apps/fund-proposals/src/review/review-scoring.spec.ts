import { ReviewScoring, type Scores } from './review-scoring';

const EQUAL = { impact: 1, 'national-partners': 1, 'state-ngo-cooperation': 1, 'regional-networking': 1 };

function scores(impact: number, partners: number, cooperation: number, networking: number): Scores {
  const mark = (score: number) => ({ score, justification: 'because' });
  return {
    impact: mark(impact),
    'national-partners': mark(partners),
    'state-ngo-cooperation': mark(cooperation),
    'regional-networking': mark(networking),
  };
}

describe(ReviewScoring.name, () => {
  it('weights a total as the weighted mean, on the 0–5 scale', () => {
    expect(new ReviewScoring(EQUAL).weightedTotal(scores(4, 3, 2, 1))).toBe(2.5);
    const impactFirst = new ReviewScoring({ ...EQUAL, impact: 2 });
    // (2·4 + 3 + 2 + 1) / 5
    expect(impactFirst.weightedTotal(scores(4, 3, 2, 1))).toBe(2.8);
    expect(impactFirst.weightedTotal(scores(5, 5, 5, 5))).toBe(5);
    expect(impactFirst.weightedTotal(scores(0, 0, 0, 0))).toBe(0);
  });

  it('ignores a criterion weighted 0 and rounds to two decimals', () => {
    const scoring = new ReviewScoring({ ...EQUAL, 'regional-networking': 0 });
    expect(scoring.weightedTotal(scores(5, 4, 4, 0))).toBe(4.33);
  });

  it('refuses weights that are all 0', () => {
    expect(() => new ReviewScoring({ impact: 0, 'national-partners': 0, 'state-ngo-cooperation': 0, 'regional-networking': 0 })).toThrow(
      /FUND_CRITERION_WEIGHTS/,
    );
  });

  it('scores a proposal as the mean of its reviewers’ weighted totals', () => {
    const scoring = new ReviewScoring(EQUAL);
    expect(scoring.weightedScore([scores(4, 4, 4, 4), scores(3, 3, 2, 2)])).toBe(3.25);
    expect(scoring.weightedScore([])).toBeUndefined();
  });

  it('flags a criterion on which two reviewers differ by 2 or more', () => {
    const scoring = new ReviewScoring(EQUAL);
    expect(scoring.disputedCriteria([scores(5, 3, 2, 0), scores(3, 4, 2, 1)])).toEqual(['impact']);
    expect(scoring.disputedCriteria([scores(5, 3, 2, 0), scores(4, 4, 3, 1), scores(3, 1, 2, 1)])).toEqual(['impact', 'national-partners']);
  });

  it('flags nothing for a difference of 1, or for a single reviewer', () => {
    const scoring = new ReviewScoring(EQUAL);
    expect(scoring.disputedCriteria([scores(5, 4, 3, 2), scores(4, 5, 2, 3)])).toEqual([]);
    expect(scoring.disputedCriteria([scores(5, 0, 5, 0)])).toEqual([]);
  });
});
