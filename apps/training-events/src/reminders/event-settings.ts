import type { TrainingEventDocument } from '../events/training-event.schema';
import { DEFAULT_REMINDER_RULES, type ReminderRule } from './reminder-rule';

/** A certificate needs at least this share of the kept sessions when the event sets none. */
export const DEFAULT_ATTENDANCE_THRESHOLD = 0.75;

/** The event's settings for what happens around and after it; events stored before they existed have the defaults. */
export const reminderRulesOf = (event: TrainingEventDocument): readonly ReminderRule[] => event.reminders ?? DEFAULT_REMINDER_RULES;

export const attendanceThresholdOf = (event: TrainingEventDocument): number => event.attendanceThreshold ?? DEFAULT_ATTENDANCE_THRESHOLD;
