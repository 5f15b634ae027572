import type { FUND_ACTIVITY_TYPES } from '@ctip/contracts';
import { Schema } from 'mongoose';

export const PUBLIC_PROJECT_MODEL = 'PublicProject';

export const PUBLIC_PROJECT_STATUSES = ['approved', 'in-implementation', 'completed'] as const;
export type PublicProjectStatus = (typeof PUBLIC_PROJECT_STATUSES)[number];

/**
 * One supported project as the public may see it: the read model behind `/public/projects`, built from
 * the service's own `fund.proposal.decided.v1` (approved ones) and the demo seed. It holds public facts
 * only — never scores, comments, reviewers or an urgent justification — so nothing internal can leak
 * from a field added to the proposal later. Partner names are kept as they were when the record was
 * written and replaced by the directory's current name when it has one.
 */
export interface PublicProjectDocument {
  /** The proposal's id (one record per approved proposal). */
  _id: string;
  reference: string;
  title: string;
  countries: string[];
  implementingPartners: { organisationId: string; name: string }[];
  activityTypes: (typeof FUND_ACTIVITY_TYPES)[number][];
  amount: { amount: number; currency: string };
  periodStart: string;
  periodEnd: string;
  status: PublicProjectStatus;
  /** `YYYY-MM-DD` of the approval; its year is the statistics' year. */
  approvedOn: string;
  year: number;
  demo: boolean;
}

export const publicProjectSchema = new Schema(
  {
    _id: { type: String, required: true },
    reference: { type: String, required: true },
    title: { type: String, required: true },
    countries: { type: [String], required: true },
    implementingPartners: { type: [{ _id: false, organisationId: String, name: String }], default: [] },
    activityTypes: { type: [String], required: true },
    amount: { type: { _id: false, amount: Number, currency: String }, required: true },
    periodStart: { type: String, required: true },
    periodEnd: { type: String, required: true },
    status: { type: String, required: true },
    approvedOn: { type: String, required: true },
    year: { type: Number, required: true },
    demo: { type: Boolean, required: true, default: false },
  },
  { collection: 'public_projects', versionKey: false, timestamps: false },
);
// Serves the public list, newest approval first (a scan on the test database; the list is small).
publicProjectSchema.index({ approvedOn: -1, _id: -1 });
