import { missingForClosure } from './closure-check';
import type { ProjectReport } from './project.schema';

const report = (kind: ProjectReport['kind'], state: ProjectReport['state']): ProjectReport => ({
  reportId: `${kind}-1`,
  kind,
  dueOn: '2027-12-31T00:00:00Z',
  state,
  submissions: [],
  reminders: { plan: 'p', lastStep: -1, nextStep: 0, sent: 0 },
});
const evaluation = { rating: 4, lessonsLearned: 'Grassroots partners carried it.', recordedBy: 'fo-1', recordedAt: new Date() };

describe(missingForClosure.name, () => {
  it('names the final reports not settled, not scheduled, and the missing evaluation', () => {
    expect(missingForClosure({ reports: [report('final-narrative', 'submitted')], changeRequests: [] })).toEqual([
      'final-narrative-1 report (submitted)',
      'final-financial report (not scheduled)',
      'final evaluation',
    ]);
  });

  it('is empty once both final reports are accepted or waived and the evaluation is recorded', () => {
    const reports = [report('interim-narrative', 'pending'), report('final-narrative', 'accepted'), report('final-financial', 'waived')];
    expect(missingForClosure({ reports, evaluation, changeRequests: [] })).toEqual([]);
  });
});
