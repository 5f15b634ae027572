/** When report reminders come: `leadMs` before the due date, then every `everyMs` from the due date on. */
export interface ReminderTiming {
  leadMs: number;
  everyMs: number;
}

/**
 * Steps of one reminder plan: step 0 is the notice before the due date (`report-due`), step k ≥ 1 the
 * k-th overdue notice (`report-overdue`), due at `dueOn + (k − 1) × everyMs`.
 */
export function stepAt(dueOn: string, step: number, timing: ReminderTiming): number {
  const due = Date.parse(dueOn);
  return step === 0 ? due - timing.leadMs : due + (step - 1) * timing.everyMs;
}

/** The first step still to come at `now`: the notice before the due date while it is ahead, else the next overdue one. */
export function firstStep(dueOn: string, now: number, timing: ReminderTiming): number {
  const due = Date.parse(dueOn);
  if (now < due) return 0;
  return Math.ceil((now - due) / timing.everyMs) + 1;
}

/** The step after `step`; a job that ran late skips the notices it missed instead of sending them in a burst. */
export function nextStep(dueOn: string, step: number, now: number, timing: ReminderTiming): number {
  return Math.max(step + 1, firstStep(dueOn, now, timing));
}

export const reminderKind = (step: number) => (step === 0 ? ('report-due' as const) : ('report-overdue' as const));
