import type { TrainingEventDocument } from '../events/training-event.schema';
import { DEFAULT_REMINDER_RULES, type ReminderRule } from './reminder-rule';

/** A certificate needs at least this share of the kept sessions when the event sets none. */
export const DEFAULT_ATTENDANCE_THRESHOLD = 0.75;

/**
 * The event's settings for what happens around and after it. The event document does not carry them yet
 * (the core module owns it): until it does, every event has the defaults; a stored `reminders` or
 * `attendanceThreshold` field is read as soon as it is there.
 */
type WithSettings = TrainingEventDocument & { reminders?: ReminderRule[]; attendanceThreshold?: number };

export const reminderRulesOf = (event: TrainingEventDocument): readonly ReminderRule[] =>
  (event as WithSettings).reminders ?? DEFAULT_REMINDER_RULES;

export const attendanceThresholdOf = (event: TrainingEventDocument): number =>
  (event as WithSettings).attendanceThreshold ?? DEFAULT_ATTENDANCE_THRESHOLD;
