import { firstStep, nextStep, reminderKind, stepAt } from './reminder-plan';

const timing = { leadMs: 14 * 86_400_000, everyMs: 7 * 86_400_000 };
const dueOn = '2027-06-30T00:00:00Z';
const due = Date.parse(dueOn);
const day = 86_400_000;

describe(stepAt.name, () => {
  it('reminds the lead time before the due date, then every interval from the due date on', () => {
    expect(stepAt(dueOn, 0, timing)).toBe(due - 14 * day);
    expect(stepAt(dueOn, 1, timing)).toBe(due);
    expect(stepAt(dueOn, 3, timing)).toBe(due + 14 * day);
    expect([reminderKind(0), reminderKind(1), reminderKind(5)]).toEqual(['report-due', 'report-overdue', 'report-overdue']);
  });
});

describe(firstStep.name, () => {
  it('starts with the notice before the due date while the due date is ahead', () => {
    expect(firstStep(dueOn, due - 30 * day, timing)).toBe(0);
    expect(firstStep(dueOn, due - day, timing)).toBe(0);
  });

  it('starts with the next overdue notice once the due date has passed', () => {
    expect(firstStep(dueOn, due, timing)).toBe(1);
    expect(firstStep(dueOn, due + day, timing)).toBe(2);
    expect(firstStep(dueOn, due + 7 * day, timing)).toBe(2);
  });
});

describe(nextStep.name, () => {
  it('follows on from a step that ran on time', () => {
    expect(nextStep(dueOn, 0, due - 14 * day, timing)).toBe(1);
    expect(nextStep(dueOn, 1, due + 5, timing)).toBe(2);
  });

  it('skips the notices a late job missed instead of sending them in a burst', () => {
    expect(nextStep(dueOn, 0, due + 20 * day, timing)).toBe(4);
  });
});
