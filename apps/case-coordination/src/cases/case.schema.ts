import type { CaseAlertRaised } from '@ctip/contracts';
import { addOutbox, type WithOutbox } from '@ctip/outbox';
import { aggregateSchemaOptions } from '@ctip/persistence';
import { Schema } from 'mongoose';
import type { EncryptedField } from '../privacy/field-cipher';

export const IDENTITY_FIELDS = ['fullName', 'dateOfBirth', 'sex', 'nationality', 'languagesSpoken', 'phone', 'address'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export type AlertStatus = 'open' | 'acknowledged' | 'exhausted';
export type ReferralStatus = 'made' | 'accepted' | 'declined' | 'completed';

export interface AlertState {
  alertId: string;
  kind: CaseAlertRaised['recipients']['kind'];
  organisationId: string;
  country?: string;
  reason: string;
  /** rungs[0] was alerted first; `rung` is the one alerted now. (Objects, not nested arrays: FerretDB stores no nested arrays.) */
  rungs: { personIds: string[] }[];
  rung: number;
  status: AlertStatus;
  acknowledgeBy: Date;
  acknowledgedBy?: string;
  acknowledgedAt?: Date;
}

export interface ReferralState {
  referralId: string;
  organisationId: string;
  service: CaseAlertRaised['servicesNeeded'][number];
  status: ReferralStatus;
  referredBy: string;
  referredAt: Date;
  updatedAt: Date;
  declineReason?: string;
}

/** One line of the case's history. It never holds identifying details or free text of the person. */
export interface TimelineEntry {
  id: string;
  at: Date;
  type: string;
  actor?: string;
  details: Record<string, unknown>;
}

export interface CaseDocument extends WithOutbox {
  _id: string;
  caseRef: string;
  /** Makes reporting idempotent: `<reporter>/<Idempotency-Key>` or `<organisation>/<reportId>`. */
  intakeKey: string;
  urgency: CaseAlertRaised['urgency'];
  countries: CaseAlertRaised['countries'];
  servicesNeeded: CaseAlertRaised['servicesNeeded'];
  riskFlags: CaseAlertRaised['riskFlags'];
  consent: { shareWithPartners: boolean; recordedBy: string; recordedAt: Date };
  reportingOrganisationId: string;
  reportedBy: string;
  identity: Partial<Record<IdentityField, EncryptedField>>;
  notes?: EncryptedField;
  alerts: AlertState[];
  referrals: ReferralState[];
  timeline: TimelineEntry[];
  /** The ids of the delivery reports already in the timeline, as keys: what makes filing one idempotent. */
  filedReports?: Record<string, true>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const CASE_MODEL = 'Case';

/** Untyped on purpose: nested state is Mixed and written whole through version-guarded updates. */
export const caseSchema = new Schema(
  {
    _id: String,
    caseRef: { type: String, required: true },
    intakeKey: { type: String, required: true },
    urgency: { type: String, required: true },
    countries: { type: [{ _id: false, country: String, role: String }], required: true },
    servicesNeeded: [String],
    riskFlags: [String],
    consent: { _id: false, shareWithPartners: Boolean, recordedBy: String, recordedAt: Date },
    reportingOrganisationId: String,
    reportedBy: String,
    identity: { type: Schema.Types.Mixed, default: {} },
    notes: { type: Schema.Types.Mixed },
    alerts: { type: Schema.Types.Mixed, default: () => [] },
    referrals: { type: Schema.Types.Mixed, default: () => [] },
    timeline: { type: Schema.Types.Mixed, default: () => [] },
    filedReports: { type: Schema.Types.Mixed },
  },
  { ...aggregateSchemaOptions, collection: 'cases' },
);
addOutbox(caseSchema);
// Serves lookup by the reference people use, and makes references unique.
caseSchema.index({ caseRef: 1 }, { unique: true });
// Serves idempotent reporting: the same report opens one case.
caseSchema.index({ intakeKey: 1 }, { unique: true });
// Serves a coordinator's case list (GET /cases), newest first, paged by (createdAt, _id).
caseSchema.index({ createdAt: -1, _id: -1 });
// Serves a focal point's case list (GET /cases: cases involving their countries), newest first, paged by (createdAt, _id).
caseSchema.index({ 'countries.country': 1, createdAt: -1, _id: -1 });
// Serves a partner's referral list (GET /referrals), newest case first, paged by (createdAt, _id).
caseSchema.index({ 'referrals.organisationId': 1, createdAt: -1, _id: -1 });
// Serves referral lookup by id.
caseSchema.index({ 'referrals.referralId': 1 });
