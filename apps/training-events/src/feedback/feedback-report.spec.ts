import { summariseFeedback } from './feedback-report';

describe(summariseFeedback.name, () => {
  it('counts, averages and distributes each question, and lists comments without their authors in sorted order', () => {
    const report = summariseFeedback(
      'ev-1',
      [
        { usefulness: 5, relevance: 4, organisation: 3, comment: 'Role plays were the best part' },
        { usefulness: 4, relevance: 4, organisation: 5 },
        { usefulness: 4, relevance: 2, organisation: 4, comment: 'Больше времени на практику' },
      ],
      12,
    );
    expect(report).toMatchObject({ eventId: 'ev-1', responses: 3, withheld: false, participants: 12 });
    expect(report.usefulness).toEqual({ mean: 4.33, distribution: { '1': 0, '2': 0, '3': 0, '4': 2, '5': 1 } });
    expect(report.relevance.mean).toBe(3.33);
    expect(report.organisation.distribution).toEqual({ '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 });
    expect(report.comments).toEqual(['Role plays were the best part', 'Больше времени на практику']);
  });

  it('withholds scores and comments while fewer than three answered', () => {
    const report = summariseFeedback(
      'ev-3',
      [
        { usefulness: 1, relevance: 1, organisation: 1, comment: 'Too long' },
        { usefulness: 5, relevance: 5, organisation: 5 },
      ],
      9,
    );
    expect(report).toMatchObject({ responses: 2, withheld: true, participants: 9, comments: [] });
    expect(report.usefulness).toEqual({ mean: null, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } });
  });

  it('answers null means when nobody answered yet', () => {
    const report = summariseFeedback('ev-2', [], 4);
    expect(report.responses).toBe(0);
    expect(report.usefulness.mean).toBeNull();
    expect(report.comments).toEqual([]);
  });
});
