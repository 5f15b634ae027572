import type { ChangeRequest, ProjectDocument, ProjectReport } from './project.schema';

export type ReportView = Omit<ProjectReport, 'reminders'> & { remindersSent: number };
export type ChangeRequestView = Omit<ChangeRequest, 'idempotencyKey'>;

export type ProjectView = Omit<ProjectDocument, '_id' | 'outbox' | 'version' | 'notes' | 'reports' | 'changeRequests'> & {
  projectId: string;
  reports: ReportView[];
  changeRequests: ChangeRequestView[];
  notes?: ProjectDocument['notes'];
};

/** What the API answers: no outbox, job plans or idempotency keys; internal notes only for the unit's roles. */
export function projectView(project: ProjectDocument, internal: boolean): ProjectView {
  const { _id, outbox: _outbox, version: _version, notes, reports, changeRequests, ...rest } = project;
  const view: ProjectView = {
    projectId: _id,
    ...rest,
    reports: reports.map(({ reminders, ...report }) => ({ ...report, remindersSent: reminders.sent })),
    changeRequests: changeRequests.map(({ idempotencyKey: _key, ...request }) => request),
  };
  if (internal) view.notes = notes;
  return view;
}
