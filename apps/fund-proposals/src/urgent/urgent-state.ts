import type { UrgentState } from '../proposals/proposal.schema';
import type { UrgentStage } from './urgent.jobs';

/** The urgent state as this module keeps it: the skeleton's fields plus the escalations already sent. */
export interface TrackedUrgent extends UrgentState {
  escalations?: { stage: UrgentStage; at: Date }[];
}
